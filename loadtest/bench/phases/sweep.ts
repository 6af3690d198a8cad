import { setTimeout as sleep } from 'node:timers/promises';
import { BenchApp } from '../runtime/bench-app';
import { describeError } from './phase-recorder';
import { PhaseUsage, snapshot, usageBetween } from '../usage/phase-usage';
import { Emulator } from '../runtime/emulator';
import { BenchOptions } from '../bench-options';
import { orderBody } from './order-body';
import { Progress } from '../runtime/progress';

export interface SweepLevel {
  readonly concurrency: number;
  readonly orders: number;
  /** concurrency / processing time: what the processor can do at best, in orders/s. */
  readonly boundPerSecond: number;
  /** Completion rate while every slot was busy (see steadyRate). */
  readonly throughputPerSecond: number;
  /** throughput / bound. */
  readonly efficiency: number;
  /** Seconds from starting the processor until the last order was COMPLETED (boot and tail included). */
  readonly wallSeconds: number;
  /** Orders COMPLETED in DynamoDB at the end (checked once, by a scan; undefined if the scan failed). */
  readonly completedInTable?: number;
  readonly finished: boolean;
  readonly processorPeakMiB: number;
  /** CPU and AWS requests per order while the processor worked the backlog. */
  readonly usage?: PhaseUsage;
  /** Why the level ended early (an SDK timeout, a process that would not start): its figures are partial. */
  readonly error?: string;
}

export interface SweepResult {
  readonly processingMs: number;
  readonly jitterMs: number;
  readonly levels: readonly SweepLevel[];
}

/**
 * For each PROCESSOR_CONCURRENCY level: fresh resources, `concurrency × rounds`
 * orders preloaded into the queue (the message the receiver would publish),
 * then a processor of its own, whose orders_total{outcome="completed"} is
 * polled until every order is done.
 */
export async function sweepConcurrency(
  emulator: Emulator,
  options: BenchOptions,
  progress: Progress,
): Promise<SweepResult> {
  const levels: SweepLevel[] = [];
  progress.step(
    `processor sweep: PROCESSOR_CONCURRENCY ${options.concurrencies.join(', ')} at PROCESSING_TIME_MS=${options.processingMs}` +
      (options.jitterMs ? ` ±${options.jitterMs}` : ''),
  );
  for (const concurrency of options.concurrencies) {
    levels.push(await runLevel(emulator, options, progress, concurrency));
  }
  return {
    processingMs: options.processingMs,
    jitterMs: options.jitterMs,
    levels,
  };
}

/**
 * One level. Whatever fails (preloading, the processor's start, a scrape, the
 * final scan) ends the level with what was measured so far and the error: a
 * data point of the sweep, never the end of the bench.
 */
async function runLevel(
  emulator: Emulator,
  options: BenchOptions,
  progress: Progress,
  concurrency: number,
): Promise<SweepLevel> {
  const orders = Math.max(5, concurrency * 2, Math.min(options.maxPreload, concurrency * options.rounds));
  const boundPerSecond = concurrency / (options.processingMs / 1000);
  const samples: { t: number; done: number }[] = [];
  let started = performance.now();
  let processor: BenchApp | undefined;
  let usage: PhaseUsage | undefined;
  let completedInTable: number | undefined;
  let error: string | undefined;
  try {
    const locations = await emulator.provision(`c${concurrency}`);
    const bodies = Array.from({ length: orders }, (_, i) =>
      JSON.stringify(orderBody(`sweep-c${concurrency}-${i}`)),
    );
    await emulator.sendAll(locations.queueUrl, bodies);
    started = performance.now();
    processor = await BenchApp.start(
      'order-processor',
      {
        ...emulator.appEnv(locations),
        PROCESSOR_CONCURRENCY: String(concurrency),
        PROCESSING_TIME_MS: String(options.processingMs),
        PROCESSING_JITTER_MS: String(options.jitterMs),
        FAILURE_RATE: '0',
      },
      options.processorPort,
      options.outDir,
      `c${concurrency}`,
    );
    usage = await drain(processor, emulator, orders, boundPerSecond, started, samples, progress, concurrency);
    completedInTable = await emulator.countStatus(locations.tableName, 'COMPLETED');
  } catch (e) {
    error = describeError(e);
  } finally {
    await processor?.stop();
  }
  const last = samples[samples.length - 1] ?? { t: started, done: 0 };
  const throughputPerSecond = steadyRate(samples, orders, concurrency);
  const level: SweepLevel = {
    concurrency,
    orders,
    boundPerSecond,
    throughputPerSecond,
    efficiency: throughputPerSecond / boundPerSecond,
    wallSeconds: (last.t - started) / 1000,
    completedInTable,
    finished: last.done >= orders,
    processorPeakMiB: processor?.peakMemoryMiB() ?? 0,
    usage,
    error,
  };
  progress.note(
    `${throughputPerSecond.toFixed(1)} orders/s = ${(level.efficiency * 100).toFixed(0)} % of C/T; ` +
      `${completedInTable ?? '?'}/${orders} COMPLETED; processor peak ${level.processorPeakMiB.toFixed(0)} MiB` +
      (usage ? `; ${usage.awsRequestsPerOrderTotal.toFixed(2)} AWS requests/order` : '') +
      (error ? `; ✗ ${error} (recorded)` : ''),
  );
  return level;
}

/** Polls the processor's completed count until every order is done; the usage between ready and done. */
async function drain(
  processor: BenchApp,
  emulator: Emulator,
  orders: number,
  boundPerSecond: number,
  started: number,
  samples: { t: number; done: number }[],
  progress: Progress,
  concurrency: number,
): Promise<PhaseUsage> {
  const before = await snapshot({ processor, emulator });
  const doneBefore = await processor.orders('completed');
  const bar = progress.bar(`concurrency ${concurrency}`, orders, 'orders');
  // Generous: ten times the ideal duration, plus time for a slow emulator.
  const deadline = started + 60000 + (10 * orders * 1000) / boundPerSecond;
  let done = doneBefore;
  try {
    while (done < orders && performance.now() < deadline) {
      // A scrape that times out on a busy machine is a missing sample, not a failed level.
      done = (await processor.orders('completed').catch(() => undefined)) ?? done;
      samples.push({ t: performance.now(), done });
      bar.update(done, `${rateSoFar(samples).toFixed(1)}/s (C/T ${boundPerSecond.toFixed(1)}/s)`);
      if (done < orders) await sleep(50);
    }
  } finally {
    bar.stop();
  }
  return usageBetween(before, await snapshot({ processor, emulator }), done - doneBefore);
}

/**
 * Completions per second with every slot busy. Without jitter, orders finish
 * in waves of `concurrency` every processing time, so the window runs from
 * the middle of the first wave (half of `concurrency` done) to the middle of
 * the last one (all but half of it done): the same phase of two waves, which
 * are `orders - concurrency` orders apart. The processor's boot and first
 * receives fall before the window. When the emulator caps the rate, orders
 * finish in a steady stream and the window measures that stream.
 */
export function steadyRate(
  samples: readonly { t: number; done: number }[],
  total: number,
  concurrency: number,
): number {
  const from = samples.find((s) => s.done >= concurrency / 2);
  const to = samples.find((s) => s.done >= total - concurrency / 2);
  if (!from || !to || to.t <= from.t) return rateSoFar(samples);
  return ((total - concurrency) * 1000) / (to.t - from.t);
}

function rateSoFar(samples: readonly { t: number; done: number }[]): number {
  const first = samples.find((s) => s.done > 0);
  const last = samples[samples.length - 1];
  if (!first || !last || last.t <= first.t) return 0;
  return ((last.done - first.done) * 1000) / (last.t - first.t);
}
