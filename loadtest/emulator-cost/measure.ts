/**
 * How emulator-cost measures one operation: calls from concurrent callers, timed, with the CPU time the
 * emulator process (and its children) spent on them, read from /proc before and after.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { LOCAL_REGION } from '@app/aws-resources';

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

const USER_HZ = 100; // clock ticks per second of /proc/<pid>/stat on Linux

/** CPU seconds used so far by `pid` and its descendants. */
function cpuSeconds(pid: number): number {
  const stats = new Map<number, { ppid: number; ticks: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      stats.set(Number(entry), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // the process ended meanwhile
    }
  }
  const inTree = (p: number): boolean => p === pid || (p > 1 && stats.has(p) && inTree(stats.get(p)!.ppid));
  let ticks = 0;
  for (const [p, s] of stats) if (inTree(p)) ticks += s.ticks;
  return ticks / USER_HZ;
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
