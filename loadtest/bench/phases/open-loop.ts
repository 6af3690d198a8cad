/**
 * POST /orders/async at a fixed rate (open loop: a request leaves on schedule
 * whether or not earlier ones answered), so latency is measured below every
 * ceiling instead of being set by the queue a closed loop builds (Little's law).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { orderBody } from './order-body';

export interface OpenLoopResult {
  readonly targetPerSecond: number;
  readonly seconds: number;
  readonly sent: number;
  /** Requests sent per second over the run (below the target when the bench itself fell behind). */
  readonly sentPerSecond: number;
  readonly errors: number;
  /** The errors by HTTP status, or `timeout` (no answer in 10 s) / `network`. */
  readonly errorsBy: Readonly<Record<string, number>>;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

/** The p-th percentile (0–100) of `values` by the nearest-rank method; 0 for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export async function openLoop(
  baseUrl: string,
  perSecond: number,
  seconds: number,
  token: string,
): Promise<OpenLoopResult> {
  const total = Math.round(perSecond * seconds);
  const latencies: number[] = [];
  let errors = 0;
  const errorsBy: Record<string, number> = {};
  const fail = (kind: string) => {
    errors++;
    errorsBy[kind] = (errorsBy[kind] ?? 0) + 1;
  };
  const inFlight: Promise<void>[] = [];
  const tag = Date.now().toString(36);
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const sentAt = performance.now();
    inFlight.push(
      fetch(`${baseUrl}/orders/async`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(orderBody(`open-${tag}-${i}`)),
        signal: AbortSignal.timeout(10000),
      })
        .then(async (res) => {
          await res.arrayBuffer();
          if (res.status === 202) latencies.push(performance.now() - sentAt);
          else fail(String(res.status));
        })
        .catch((error: Error) => fail(error.name === 'TimeoutError' ? 'timeout' : 'network')),
    );
  }
  const sentSeconds = (performance.now() - start) / 1000;
  await Promise.all(inFlight);
  return {
    targetPerSecond: perSecond,
    seconds,
    sent: total,
    sentPerSecond: total / Math.max(sentSeconds, 1e-3),
    errors,
    errorsBy,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: percentile(latencies, 100),
  };
}

/** "503: 12, timeout: 3" */
export function describeErrors(errorsBy: Readonly<Record<string, number>>): string {
  return Object.entries(errorsBy)
    .sort((a, b) => b[1] - a[1])
    .map(([kind, n]) => `${kind}: ${n}`)
    .join(', ');
}
