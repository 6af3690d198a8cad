/**
 * npm run bench: the load-test benchmark on this machine (see docs/load-testing.md).
 *
 * 1. starts the local AWS backend as `npm run local` does (moto for SNS and SQS on :4566, ministack
 *    for DynamoDB on :4567), or reuses what already answers there;
 * 2. measures the emulator's own ceiling (DynamoDB writes, SNS publishes, SQS receive + delete);
 * 3. measures the receiver's limits: wrk on GET /health/live, POST /orders/async at a fixed rate;
 * 4. runs the same locust users against POST /orders/sync, then POST /orders/async;
 * 5. sweeps the processor over PROCESSOR_CONCURRENCY levels against min(C/T, the emulator's ceiling);
 * 6. measures an idle processor's AWS requests per minute, and soaks one with a long backlog;
 * 7. per phase: AWS requests and CPU per order, cost per million orders; writes
 *    bench/results/<timestamp>/report.md with every performance target as met or missed.
 * A phase that fails is recorded in the report and the rest still runs; numbers are
 * measured and reported, never asserted: exit code 0 unless the bench itself failed.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, relative } from 'node:path';
import { BenchOptions, Phase } from './bench-options';
import { parseOptions, USAGE, UsageError } from './flags';
import { measureCeiling } from './phases/ceiling';
import { compareSyncAndAsync } from './phases/compare';
import { measureIdle } from './phases/idle';
import { PhaseRecorder } from './phases/phase-recorder';
import { measureReceiverLimits } from './phases/receiver-limits';
import { soak } from './phases/soak';
import { sweepConcurrency } from './phases/sweep';
import { BenchResults, renderReport, summaryLine } from './report/report';
import { MachineInfo } from './report/results';
import { Emulator } from './runtime/emulator';
import { REPO_ROOT } from '@app/emulator';
import { stopAll } from './runtime/processes';
import { Progress } from './runtime/progress';

async function main(): Promise<void> {
  const options = optionsOrExit();
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const progress = new Progress();
  const startedAt = new Date();
  mkdirSync(options.outDir, { recursive: true });
  progress.step(`benchmark (${options.mode}) → ${relative(process.cwd(), options.outDir) || '.'}`);

  const interrupted = () => {
    process.stderr.write('\n✗ interrupted: stopping what the bench started\n');
    void stopAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  const machine = machineInfo();

  progress.step('local AWS backend');
  const emulator = await Emulator.startOrReuse(options.motoPort, options.dynamodbPort, options.outDir);
  progress.note(emulator.describe());
  let measured: PhaseResults;
  try {
    measured = await runPhases(emulator, options, progress);
  } finally {
    await stopAll();
    await emulator.close().catch(() => undefined);
  }

  const results: Omit<BenchResults, 'charts'> = {
    mode: options.mode,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    commit: gitCommit(),
    machine,
    emulator: {
      description: emulator.describe(),
      dynamodbSeparate: emulator.dynamodbSeparate,
      reused: emulator.reused,
      peakMiB: emulator.peakMemoryMiB(),
    },
    options: { ...options, skip: [...options.skip] },
    ...measured,
  };
  writeResults(results, options.outDir, progress);
}

/** The options of the command line and npm_config_*; exits with the usage on --help or a bad flag. */
function optionsOrExit(): BenchOptions {
  try {
    return parseOptions(process.argv.slice(2), process.env);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    if (e.message) process.stderr.write(`${e.message}\n\n`);
    process.stdout.write(`${USAGE}\n`);
    process.exit(e.message ? 2 : 0);
  }
}

function machineInfo(): MachineInfo {
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown CPU',
    memoryGiB: totalmem() / 2 ** 30,
    node: process.versions.node,
    platform: `${process.platform}-${process.arch}`,
    loadAverageAtStart: loadavg()[0],
  };
}

/** What the phases measured, and the ones that failed. */
type PhaseResults = Pick<
  BenchResults,
  'ceiling' | 'receiver' | 'compare' | 'sweep' | 'idle' | 'soak' | 'failures'
>;

/** Every phase not skipped, in order; a failed phase is recorded and the next one runs. */
async function runPhases(
  emulator: Emulator,
  options: BenchOptions,
  progress: Progress,
): Promise<PhaseResults> {
  const phases = new PhaseRecorder(progress);
  const run = <T>(phase: Phase, work: () => Promise<T>) =>
    options.skip.has(phase) ? Promise.resolve(undefined) : phases.attempt(phase, work);
  const ceiling = await run('ceiling', () => measureCeiling(emulator, options, progress));
  const receiver = await run('receiver', () =>
    measureReceiverLimits(emulator, options, progress, phases, ceiling?.acceptOrdersPerSecond),
  );
  const compare = await run('compare', () => compareSyncAndAsync(emulator, options, progress, phases));
  const sweep = await run('sweep', () => sweepConcurrency(emulator, options, progress));
  const idle = await run('idle', () => measureIdle(emulator, options, progress));
  const soaked = options.soak ? await run('soak', () => soak(emulator, options, progress)) : undefined;
  return { ceiling, receiver, compare, sweep, idle, soak: soaked, failures: phases.failures };
}

/** results.json, the charts drawn from it, report.md, and the summary line on the terminal. */
function writeResults(results: Omit<BenchResults, 'charts'>, outDir: string, progress: Progress): void {
  const resultsFile = join(outDir, 'results.json');
  writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  progress.step('charts and report');
  const charts = drawCharts(resultsFile, outDir, progress);
  const full: BenchResults = { ...results, charts };
  writeFileSync(resultsFile, `${JSON.stringify(full, null, 2)}\n`);
  const reportFile = join(outDir, 'report.md');
  writeFileSync(reportFile, renderReport(full));
  process.stdout.write(`\n${summaryLine(full, relative(process.cwd(), reportFile))}\n`);
}

function drawCharts(resultsFile: string, outDir: string, progress: Progress): string[] {
  try {
    const out = execFileSync(
      join(REPO_ROOT, '.venv/bin/python'),
      [join(REPO_ROOT, 'loadtest/report_charts.py'), resultsFile, outDir],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, MPLBACKEND: 'Agg' } },
    );
    return out.split('\n').filter(Boolean);
  } catch (e) {
    progress.note(`✗ charts failed: ${(e as { stderr?: string }).stderr ?? (e as Error).message}`);
    return [];
  }
}

function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

main().catch(async (error: Error) => {
  process.stderr.write(`\n✗ bench failed: ${error.stack ?? error.message}\n`);
  await stopAll();
  process.exit(1);
});
