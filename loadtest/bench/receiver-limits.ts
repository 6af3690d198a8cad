/**
 * The receiver's own limits, with nothing else loading the machine: the
 * liveness ceiling (wrk on GET /health/live, 50 connections) and the latency of
 * POST /orders/async at a fixed rate below every ceiling (open loop).
 */
import { BenchApp } from './apps';
import { Emulator } from './emulator';
import { LivenessResult, measureLiveness } from './liveness';
import { openLoop, OpenLoopResult } from './open-loop';
import { BenchOptions } from './options';
import { PhaseRecorder } from './phase';
import { Progress } from './progress';

export interface ReceiverLimits {
  readonly liveness?: LivenessResult;
  readonly openLoop?: OpenLoopResult;
}

export async function measureReceiverLimits(
  emulator: Emulator,
  options: BenchOptions,
  progress: Progress,
  phases: PhaseRecorder,
): Promise<ReceiverLimits> {
  const locations = await emulator.provision('recv');
  const receiver = await BenchApp.start(
    'order-receiver',
    { ...emulator.appEnv(locations), PROCESSING_TIME_MS: '0', FAILURE_RATE: '0' },
    options.receiverPort,
    options.outDir,
    'limits',
  );
  try {
    progress.step(`liveness ceiling: wrk, 50 connections, GET /health/live for ${options.livenessSeconds} s`);
    const liveness = await phases.attempt('liveness', () =>
      measureLiveness(receiver.url, options.livenessSeconds),
    );
    if (liveness) progress.note(`${liveness.requestsPerSecond.toFixed(0)} req/s, ${liveness.errors} errors`);
    progress.step(
      `open loop: POST /orders/async at ${options.openLoopPerSecond} req/s for ${options.openLoopSeconds} s`,
    );
    const fixed = await phases.attempt('open loop', () =>
      openLoop(receiver.url, options.openLoopPerSecond, options.openLoopSeconds),
    );
    if (fixed)
      progress.note(
        `p50 ${fixed.p50Ms.toFixed(0)} ms, p99 ${fixed.p99Ms.toFixed(0)} ms, ${fixed.errors} errors`,
      );
    return { liveness, openLoop: fixed };
  } finally {
    await receiver.stop();
  }
}
