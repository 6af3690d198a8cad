import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@app/emulator';
import { ManagedProcess } from '../runtime/processes';

/** The aggregated row of one headless locust run (times in ms). */
export interface LocustStats {
  readonly requests: number;
  readonly failures: number;
  readonly requestsPerSecond: number;
  readonly averageMs: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Requests/s over time (one point per second of locust's history CSV). */
  readonly history: readonly { readonly seconds: number; readonly rps: number; readonly users: number }[];
  readonly csvPrefix: string;
  readonly htmlReport: string;
}

export interface LocustRun {
  readonly locustfile: 'sync_orders.py' | 'async_orders.py';
  readonly host: string;
  readonly users: number;
  readonly spawnRate: number;
  readonly durationSeconds: number;
  /** Time given to requests in flight when the duration ends (a sync request lasts PROCESSING_TIME_MS). */
  readonly stopTimeoutSeconds: number;
  readonly outDir: string;
  readonly name: string;
  /** The bearer token every user sends (ORDERS_TOKEN of loadtest/order_user.py). */
  readonly token: string;
}

/** Runs locust headless with CSV and HTML reports in `outDir`, and reads its aggregated stats. */
export async function runLocust(run: LocustRun): Promise<LocustStats> {
  const csvPrefix = join(run.outDir, run.name);
  const htmlReport = join(run.outDir, `${run.name}.html`);
  const locust = ManagedProcess.start(
    `locust ${run.name}`,
    join(REPO_ROOT, '.venv/bin/locust'),
    [
      '-f',
      join(REPO_ROOT, 'loadtest', run.locustfile),
      '--headless',
      '--host',
      run.host,
      '--users',
      String(run.users),
      '--spawn-rate',
      String(run.spawnRate),
      '--run-time',
      `${run.durationSeconds}s`,
      '--stop-timeout',
      String(run.stopTimeoutSeconds),
      '--csv',
      csvPrefix,
      '--csv-full-history',
      '--html',
      htmlReport,
      '--only-summary',
      '--loglevel',
      'WARNING',
    ],
    { ...process.env, PYTHONUNBUFFERED: '1', ORDERS_TOKEN: run.token },
    `${csvPrefix}.log`,
  );
  // Exit code 1 only says some requests failed; the stats tell how many.
  const code = await locust.exited;
  if (code !== 0 && code !== 1) throw new Error(`locust exited with ${code}:\n${locust.logTail()}`);
  return {
    ...readStats(`${csvPrefix}_stats.csv`),
    history: readHistory(`${csvPrefix}_stats_history.csv`),
    csvPrefix,
    htmlReport,
  };
}

function parseCsv(file: string): Record<string, string>[] {
  const [header, ...rows] = readFileSync(file, 'utf8').trim().split('\n');
  const names = header.split(',').map((h) => h.replace(/"/g, ''));
  return rows.map((row) => {
    const cells = row.split(',').map((c) => c.replace(/"/g, ''));
    return Object.fromEntries(names.map((n, i) => [n, cells[i]]));
  });
}

function readStats(file: string): Omit<LocustStats, 'history' | 'csvPrefix' | 'htmlReport'> {
  const row = parseCsv(file).find((r) => r.Name === 'Aggregated');
  if (!row) throw new Error(`${file} has no Aggregated row`);
  const n = (column: string) => {
    const value = Number(row[column]);
    return Number.isFinite(value) ? value : 0;
  };
  return {
    requests: n('Request Count'),
    failures: n('Failure Count'),
    requestsPerSecond: n('Requests/s'),
    averageMs: n('Average Response Time'),
    p50Ms: n('50%'),
    p90Ms: n('90%'),
    p95Ms: n('95%'),
    p99Ms: n('99%'),
    maxMs: n('Max Response Time'),
  };
}

function readHistory(file: string): LocustStats['history'] {
  const rows = parseCsv(file).filter((r) => r.Name === 'Aggregated');
  if (rows.length === 0) return [];
  const t0 = Number(rows[0].Timestamp);
  return rows.map((r) => ({
    seconds: Number(r.Timestamp) - t0,
    rps: Number(r['Requests/s']) || 0,
    users: Number(r['User Count']) || 0,
  }));
}
