import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, REPO_ROOT } from '@app/emulator';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The report's headings, each checked to be there. */
const REPORT_SECTIONS = [
  '## Targets',
  '## Emulator ceiling',
  '## Receiver limits',
  '## Sync vs async',
  '## Processor throughput vs PROCESSOR_CONCURRENCY',
  '## AWS requests, CPU and cost per order',
  '### Cost per million orders (AWS list prices of 2026-12-02, us-east-1)',
  '## Idle processor',
  '## Memory soak',
  '## Capacity plan',
  '## What limits these numbers',
];

/** The charts report_charts.py draws and the report links to. */
const CHARTS = [
  'sync-vs-async-throughput.png',
  'sync-vs-async-latency.png',
  'processor-throughput.png',
  'soak-memory.png',
];

/** Runs the built bench with --smoke on ports of its own; its exit code and everything it printed. */
async function runSmokeBench(outDir: string): Promise<{ exitCode: number | null; output: string }> {
  const motoPort = await freePort();
  const dynamodbPort = await freePort();
  // npm_config_* set by the npm running the tests must not pose as bench flags.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('npm_config_')));
  const bench = spawn(
    process.execPath,
    [
      join(REPO_ROOT, 'dist/loadtest/bench/bench.js'),
      '--smoke',
      '--moto-port',
      String(motoPort),
      '--dynamodb-port',
      String(dynamodbPort),
      '--out',
      outDir,
    ],
    { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  bench.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  bench.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const killer = setTimeout(() => bench.kill('SIGINT'), 220000);
  const exitCode = await new Promise<number | null>((ok) => bench.once('exit', ok));
  clearTimeout(killer);
  return { exitCode, output };
}

/**
 * `npm run bench --smoke`: every phase for a few seconds, with its own emulator
 * and app ports, so the command cannot break unnoticed. It checks that the
 * report, the charts and the numbers were written, never how good they are.
 */
describe('npm run bench --smoke', () => {
  let outDir: string;
  let output = '';
  let exitCode: number | null = null;

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'bench-smoke-'));
    ({ exitCode, output } = await runSmokeBench(outDir));
  }, 240000);

  afterAll(() => {
    if (outDir && exitCode === 0) rmSync(outDir, { recursive: true, force: true });
  });

  it('finishes and prints the one-line summary', () => {
    expect({ exitCode, output }).toMatchObject({ exitCode: 0 });
    expect(output).toMatch(/^bench: sync [\d.]+ req\/s, async [\d.]+ req\/s .* → .*report\.md$/m);
  });

  it('writes the report with every section and the measured figures', () => {
    const report = readFileSync(join(outDir, 'report.md'), 'utf8');
    for (const section of REPORT_SECTIONS) {
      expect(report).toContain(section);
    }
    expect(report).toMatch(/\| POST \/orders\/sync \| \d+ \| \d+ \| [\d.]+ \|/);
    expect(report).toMatch(/\| POST \/orders\/async \| \d+ \| \d+ \| [\d.]+ \|/);
    expect(report).toMatch(/^\| 1 \| \d+ \| 5\.0 \| [\d.]+ \| \d+ % of [\d.]+ \|/m);
    expect(report).toMatch(/^\| 5 \| \d+ \| 25\.0 \| [\d.]+ \| \d+ % of [\d.]+ \|/m);
    expect(report).toMatch(/\*\*(met|missed|not measured)\*\*/);
    // Per phase: AWS requests by service and operation, and a cost per million orders.
    expect(report).toMatch(/^\| async intake \(per accepted order\) \| \d+ \| [\d.]+ \|/m);
    expect(report).toContain('`sns Publish`');
    // The backend of `npm run local`: DynamoDB in a ministack of its own, both started by the bench.
    expect(report).toMatch(
      /SNS\+SQS: moto at \S+ \(started, pid \d+\); DynamoDB: ministack at \S+ \(started, pid \d+\)/,
    );
    expect(report).toMatch(/^\| sweep C=5 \|( [^|]+ \|){5} [\d.]+ \|/m);
    expect(report).toMatch(/Left out of these figures: .*log ingestion.*NAT.*capacity units.*Spot/);
  });

  it('draws the charts as PNG files the report links to', () => {
    const report = readFileSync(join(outDir, 'report.md'), 'utf8');
    for (const chart of CHARTS) {
      expect(report).toContain(`(${chart})`);
      const png = readFileSync(join(outDir, chart));
      expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
      expect(png.length).toBeGreaterThan(5000);
    }
  });

  it('keeps the locust CSV and HTML reports and numeric results', () => {
    for (const file of ['sync_stats.csv', 'async_stats.csv', 'sync.html', 'async.html']) {
      expect(existsSync(join(outDir, file))).toBe(true);
    }
    const results = JSON.parse(readFileSync(join(outDir, 'results.json'), 'utf8'));
    const positive = expect.any(Number);
    expect(results.ceiling).toMatchObject({ publishesPerSecond: positive, processOrdersPerSecond: positive });
    expect(results.compare.sync.locust.requests).toBeGreaterThan(0);
    expect(results.compare.async.locust.requests).toBeGreaterThan(0);
    expect(results.compare.async.completed).toBe(results.compare.async.accepted);
    expect(results.compare.async.intake.awsRequestsPerOrderTotal).toBeGreaterThan(0);
    expect(results.compare.async.intake.cost.total).toBeGreaterThan(0);
    expect(results.idle.requestsPerMinute).toEqual(expect.any(Number));
    expect(results.soak.samples.length).toBeGreaterThan(0);
    // wrk may be missing where the suite runs: then the liveness phase is a recorded failure, not a crash.
    const livenessFailed = results.failures.some((f: { phase: string }) => f.phase === 'liveness');
    expect(livenessFailed || results.receiver.liveness.requestsPerSecond > 0).toBe(true);
    // Likewise each anchor: measured, or a recorded failure of its own.
    const anchorsFailed = results.failures.filter((f: { phase: string }) =>
      f.phase.startsWith('anchor '),
    ).length;
    expect(anchorsFailed + results.receiver.anchors.length).toBe(5);
    expect(results.compare.sync.receiverPeakMiB).toBeGreaterThan(10);
    expect(results.sweep.levels.map((l: { concurrency: number }) => l.concurrency)).toEqual([1, 5]);
    for (const level of results.sweep.levels) {
      expect(level.throughputPerSecond).toBeGreaterThan(0);
      expect(level.completedInTable).toBe(level.orders);
      expect(level.processorPeakMiB).toBeGreaterThan(10);
      expect(level.usage.awsRequestsPerOrder).toHaveProperty(['sqs ReceiveMessage']);
    }
  });
});
