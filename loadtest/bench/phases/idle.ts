/**
 * What an idle processor costs: AWS requests per minute (and CPU) at a high
 * PROCESSOR_CONCURRENCY with an empty queue. Long polls are the floor; the target
 * is ≤ 300 requests/minute at concurrency 1000.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { BenchApp } from '../runtime/bench-app';
import { Emulator } from '../runtime/emulator';
import { BenchOptions } from '../bench-options';
import { counterDelta } from '../runtime/prometheus';
import { Progress } from '../runtime/progress';
import { snapshot } from '../usage/phase-usage';

export interface IdleResult {
  readonly concurrency: number;
  readonly seconds: number;
  readonly requestsPerMinute: number;
  /** By "service operation". */
  readonly byCall: Record<string, number>;
  /** CPU milliseconds per minute of the idle processor (undefined off Linux). */
  readonly cpuMsPerMinute?: number;
}

export async function measureIdle(
  emulator: Emulator,
  options: BenchOptions,
  progress: Progress,
): Promise<IdleResult> {
  const concurrency = options.idleConcurrency;
  const seconds = options.idleSeconds;
  progress.step(`idle processor: PROCESSOR_CONCURRENCY=${concurrency}, empty queue, ${seconds} s`);
  const locations = await emulator.provision('idle');
  const processor = await BenchApp.start(
    'order-processor',
    { ...emulator.appEnv(locations), PROCESSOR_CONCURRENCY: String(concurrency), FAILURE_RATE: '0' },
    options.processorPort,
    options.outDir,
    'idle',
  );
  try {
    // Let the first receives of every consumer go out, so the window sees steady state.
    await sleep(Math.min(5000, (seconds * 1000) / 4));
    const before = await snapshot({ processor });
    await progress.timed('idle', seconds, sleep(seconds * 1000), () => '');
    const after = await snapshot({ processor });
    const minutes = (after.at - before.at) / 60000;
    const delta = counterDelta(before.aws.processor ?? {}, after.aws.processor ?? {});
    const byCall = Object.fromEntries(Object.entries(delta).map(([call, n]) => [call, n / minutes]));
    const [cpuBefore, cpuAfter] = [before.cpuMs.processor, after.cpuMs.processor];
    const result: IdleResult = {
      concurrency,
      seconds,
      requestsPerMinute: Object.values(byCall).reduce((a, b) => a + b, 0),
      byCall,
      cpuMsPerMinute:
        cpuBefore !== undefined && cpuAfter !== undefined ? (cpuAfter - cpuBefore) / minutes : undefined,
    };
    progress.note(`${result.requestsPerMinute.toFixed(0)} AWS requests/minute while idle`);
    return result;
  } finally {
    await processor.stop();
  }
}
