/**
 * The liveness ceiling of the receiver: wrk against GET /health/live with 50
 * connections for a bounded time. It shows what the HTTP stack alone costs,
 * with no AWS call behind the route; the anchors (anchors.ts) are measured the
 * same way, and the target is a share of one of them.
 */
import { execFile } from 'node:child_process';

export interface WrkResult {
  readonly requests: number;
  readonly seconds: number;
  readonly requestsPerSecond: number;
  readonly p50Ms?: number;
  readonly p99Ms?: number;
  /** Socket errors (connect, read, write, timeout) plus non-2xx/3xx answers. */
  readonly errors: number;
}

export interface LivenessResult extends WrkResult {
  readonly connections: number;
  readonly threads: number;
}

const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60000 };

function durationMs(text: string | undefined): number | undefined {
  const match = /^([\d.]+)(us|ms|s|m)$/.exec(text ?? '');
  return match ? Number(match[1]) * UNIT_MS[match[2]] : undefined;
}

/** Reads wrk's summary (run with --latency for the percentiles). */
export function parseWrk(output: string): WrkResult {
  const done = /(\d+) requests in ([\d.]+)(us|ms|s|m)/.exec(output);
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(output);
  if (!done || !rps) throw new Error(`wrk printed no summary:\n${output.slice(0, 500)}`);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(output);
  const percentile = (p: string) => durationMs(new RegExp(`^\\s+${p}%\\s+(\\S+)`, 'm').exec(output)?.[1]);
  return {
    requests: Number(done[1]),
    seconds: Number(done[2]) * UNIT_MS[done[3]] * 0.001,
    requestsPerSecond: Number(rps[1]),
    p50Ms: percentile('50'),
    p99Ms: percentile('99'),
    errors:
      (socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0) +
      (non2xx ? Number(non2xx[1]) : 0),
  };
}

/** wrk -c<connections> for `seconds` against `${baseUrl}/health/live`, killed if it overruns. */
export function measureLiveness(baseUrl: string, seconds: number, connections = 50): Promise<LivenessResult> {
  const threads = 2;
  const args = [
    `-t${threads}`,
    `-c${connections}`,
    `-d${seconds}s`,
    '--timeout',
    '2s',
    '--latency',
    `${baseUrl}/health/live`,
  ];
  return new Promise((ok, fail) => {
    execFile('wrk', args, { timeout: (seconds + 15) * 1000, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) {
        const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
        return fail(
          new Error(
            missing ? 'wrk is not installed (apt-get install wrk)' : `wrk: ${stderr || error.message}`,
          ),
        );
      }
      try {
        ok({ ...parseWrk(stdout), connections, threads });
      } catch (e) {
        fail(e as Error);
      }
    });
  });
}
