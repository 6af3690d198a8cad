/**
 * The receiver's own limits, with nothing else loading the machine: the
 * liveness ceiling (wrk on GET /health/live, 50 connections) and the latency of
 * POST /orders/async at a fixed rate below every ceiling (open loop).
 */
import { BenchApp } from './apps';
import { Emulator } from './emulator';
import { LivenessResult, measureLiveness } from './liveness';
import { describeErrors, openLoop, OpenLoopResult } from './open-loop';
import { BenchOptions } from './options';
import { PhaseRecorder } from './phase';
import { Progress } from './progress';

export interface ReceiverLimits {
  readonly liveness?: LivenessResult;
  readonly openLoop?: OpenLoopResult;
}

/**
 * The open loop measures latency below every ceiling: above the emulator's, requests pile up in it
 * (and it works them off during the next phases), so the rate is capped at half its accept ceiling.
 */
export function openLoopRate(requested: number, acceptCeiling?: number): number {
  return acceptCeiling === undefined
    ? requested
    : Math.max(1, Math.min(requested, Math.floor(acceptCeiling / 2)));
}

export async function measureReceiverLimits(
  emulator: Emulator,
  options: BenchOptions,
  progress: Progress,
  phases: PhaseRecorder,
  acceptCeiling?: number,
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
    const rate = openLoopRate(options.openLoopPerSecond, acceptCeiling);
    progress.step(
      `open loop: POST /orders/async at ${rate} req/s for ${options.openLoopSeconds} s` +
        (rate < options.openLoopPerSecond
          ? ` (half the emulator's accept ceiling, below ${options.openLoopPerSecond})`
          : ''),
    );
    const fixed = await phases.attempt('open loop', () =>
      openLoop(receiver.url, rate, options.openLoopSeconds),
    );
    if (fixed)
      progress.note(
        `p50 ${fixed.p50Ms.toFixed(0)} ms, p99 ${fixed.p99Ms.toFixed(0)} ms, ${fixed.errors} errors` +
          (fixed.errors ? ` (${describeErrors(fixed.errorsBy)})` : ''),
      );
    return { liveness, openLoop: fixed };
  } finally {
    await receiver.stop();
  }
}
