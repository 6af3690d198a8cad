import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { freePort, REPO_ROOT } from '@app/emulator';
import { ManagedProcess } from './processes';
import { metricSum, scrapeMetrics } from './prometheus';

export type AppName = 'order-receiver' | 'order-processor';

/** The bench's receivers sign status URLs with a key of this run's own. */
const STATUS_URL_SIGNING_KEY = randomBytes(32).toString('base64url');

/** The V8 settings `name` runs with: scripts/lib.sh's node_options_for, exported by loadtest/bench.sh. */
export function nodeOptionsOf(name: AppName): string {
  return (
    (name === 'order-receiver' ? process.env.RECEIVER_NODE_OPTIONS : process.env.PROCESSOR_NODE_OPTIONS) ??
    process.env.NODE_OPTIONS ??
    ''
  );
}

/** A built app (dist/) started by the bench with its own settings, on its own port. */
export class BenchApp {
  private constructor(
    readonly name: AppName,
    readonly url: string,
    readonly process: ManagedProcess,
  ) {}

  /**
   * Starts `name` with `env` on top of the bench's defaults: LOG_LEVEL warn (a
   * log line per order costs the app CPU the load generator and the emulator
   * need on a laptop; set BENCH_LOG_LEVEL=info to keep them) and throttles
   * no single locust process can reach: per client IP (THROTTLE_LIMIT) and per
   * caller (CALLER_THROTTLE_LIMIT, keyed on the token's subject: every phase
   * sends one service token).
   */
  static async start(
    name: AppName,
    env: Record<string, string>,
    port: number,
    logDir: string,
    tag: string,
  ): Promise<BenchApp> {
    const listen = port || (await freePort());
    const main = join(REPO_ROOT, `dist/apps/${name}/src/main.js`);
    const child = ManagedProcess.start(
      name,
      process.execPath,
      [main],
      {
        ...process.env,
        NODE_OPTIONS: nodeOptionsOf(name),
        LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
        THROTTLE_LIMIT: '1000000',
        CALLER_THROTTLE_LIMIT: '1000000',
        // Signs each 202's statusUrl as a deployed receiver does (Secrets Manager on AWS).
        ...(name === 'order-receiver' ? { STATUS_URL_SIGNING_KEY } : {}),
        ...env,
        [name === 'order-receiver' ? 'PORT' : 'PROCESSOR_PORT']: String(listen),
      },
      join(logDir, `${name}-${tag}.log`),
    );
    const url = `http://127.0.0.1:${listen}`;
    await child.waitUntilReady(`${url}/health/live`, 30000).catch(async (error: Error) => {
      await child.stop(1000);
      throw error;
    });
    return new BenchApp(name, url, child);
  }

  async metrics(): Promise<Map<string, number>> {
    return scrapeMetrics(`${this.url}/metrics`);
  }

  /** orders_total for one outcome (accepted, completed, failed, ...). */
  async orders(outcome: string): Promise<number> {
    return metricSum(await this.metrics(), 'orders_total', { outcome });
  }

  /**
   * Whether this receiver checks tokens: an empty order without one is refused as unauthenticated
   * (401) before it is validated (400), so the probe stores nothing.
   */
  async enforcesAuthentication(): Promise<boolean> {
    const res = await fetch(`${this.url}/orders/async`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
      signal: AbortSignal.timeout(5000),
    });
    await res.arrayBuffer();
    return res.status === 401;
  }

  peakMemoryMiB(): number {
    return this.process.peakMemoryMiB();
  }

  /** Graceful stop (the processor drains in-flight orders), killed if it takes longer than `graceMs`. */
  stop(graceMs = 10000): Promise<void> {
    return this.process.stop(graceMs);
  }
}
