/**
 * The receiver's own limits, with nothing else loading the machine: the
 * liveness ceiling (wrk on GET /health/live, 50 connections) beside the same
 * wrk run against the anchors (minimal servers, anchors.ts), and the latency of
 * POST /orders/async at a fixed rate below every ceiling (open loop).
 */
import { BenchApp } from '../runtime/bench-app';
import { Emulator } from '../runtime/emulator';
import { AnchorResult, measureAnchors } from './anchors';
import { LivenessResult, measureLiveness } from './liveness';
import { describeErrors, openLoop, OpenLoopResult } from './open-loop';
import { BenchOptions } from '../bench-options';
import { PhaseRecorder } from './phase-recorder';
import { Progress } from '../runtime/progress';

export interface ReceiverLimits {
  readonly liveness?: LivenessResult;
  /** The anchors measured with the same wrk settings in this run; a failed one is left out. */
  readonly anchors?: readonly AnchorResult[];
  /** The last open-loop run: the first rate the machine kept up with, or the lowest tried. */
  readonly openLoop?: OpenLoopResult;
  /** Earlier runs at higher rates that saturated the machine (errors, or p99 over a second). */
  readonly openLoopSaturated?: readonly OpenLoopResult[];
}

/** Latency measured "below every ceiling" is meaningless if the run itself piled up requests. */
export function saturated(run: OpenLoopResult): boolean {
  return run.errors > 0 || run.p99Ms > 1000;
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
  // Before the receiver starts: each anchor has the machine to itself, as the receiver's own run has.
  const anchors = await measureAnchors(options, progress, phases);
  const locations = await emulator.provision('recv');
  const token = emulator.serviceToken(locations);
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
    // The emulator's ceiling is measured with the machine to itself; with the receiver beside it
    // the machine may saturate lower. Then the rate is halved (twice at most), and the saturated
    // runs are reported beside the one that kept up.
    let rate = openLoopRate(options.openLoopPerSecond, acceptCeiling);
    const saturatedRuns: OpenLoopResult[] = [];
    let fixed: OpenLoopResult | undefined;
    for (let tries = 0; tries < 3; tries++) {
      progress.step(
        `open loop: POST /orders/async at ${rate} req/s for ${options.openLoopSeconds} s` +
          (tries > 0
            ? ' (half the rate the machine could not keep up with)'
            : rate < options.openLoopPerSecond
              ? ` (half the emulator's accept ceiling, below ${options.openLoopPerSecond})`
              : ''),
      );
      const at = rate;
      fixed = await phases.attempt('open loop', () =>
        openLoop(receiver.url, at, options.openLoopSeconds, token),
      );
      if (!fixed) break;
      progress.note(
        `p50 ${fixed.p50Ms.toFixed(0)} ms, p99 ${fixed.p99Ms.toFixed(0)} ms, ${fixed.errors} errors` +
          (fixed.errors ? ` (${describeErrors(fixed.errorsBy)})` : ''),
      );
      if (!saturated(fixed) || rate <= 5 || tries === 2) break;
      saturatedRuns.push(fixed);
      rate = Math.floor(rate / 2);
    }
    return { liveness, anchors, openLoop: fixed, openLoopSaturated: saturatedRuns };
  } finally {
    await receiver.stop();
  }
}
