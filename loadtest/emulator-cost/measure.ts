/**
 * How emulator-cost measures one operation: calls from concurrent callers, timed, with the CPU time the
 * emulator process (and its children) spent on them, read from /proc before and after.
 */
import { LOCAL_REGION } from '@app/aws-resources';
import { cpuMillisOf } from '../bench/runtime/proc-stats';

/** An emulator's address and, when known, the process whose CPU time is charged. */
export interface Target {
  readonly url: string;
  readonly pid?: number;
}
export interface Figure {
  readonly operation: string;
  readonly calls: number;
  readonly cpuMsPerCall?: number;
  readonly callsPerSecond: number;
}
export interface Check {
  readonly name: string;
  readonly ok: boolean;
  readonly detail?: string;
}

/** CPU seconds used so far by `pid` and its live descendants; 0 once it is gone. */
function cpuSeconds(pid: number): number {
  return (cpuMillisOf(pid) ?? 0) / 1000;
}

/** Runs `fn(0..calls-1)` from `callers` concurrent loops; the figure charges the CPU of `pids`. */
export async function measure(
  operation: string,
  calls: number,
  callers: number,
  pids: (number | undefined)[],
  fn: (i: number) => Promise<unknown>,
): Promise<Figure> {
  const known = pids.filter((p): p is number => p !== undefined);
  const cpuBefore = known.reduce((sum, p) => sum + cpuSeconds(p), 0);
  const started = process.hrtime.bigint();
  let next = 0;
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (next < calls) await fn(next++);
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = known.reduce((sum, p) => sum + cpuSeconds(p), 0) - cpuBefore;
  return {
    operation,
    calls,
    ...(known.length ? { cpuMsPerCall: round((cpu * 1000) / calls) } : {}),
    callsPerSecond: round(calls / seconds),
  };
}

const round = (n: number) => Math.round(n * 100) / 100;

/** Keep-alive clients like the apps', with room for an emulator that is slow under load. */
export function clientSettings(target: Target) {
  return {
    AWS_REGION: LOCAL_REGION,
    AWS_ENDPOINT_URL: target.url,
    AWS_MAX_SOCKETS: 64,
    AWS_REQUEST_TIMEOUT_MS: 10000,
  };
}
