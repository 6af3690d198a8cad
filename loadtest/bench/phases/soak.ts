/**
 * The soak: a processor works through a long backlog (10,000 orders in a full
 * run) while the bench samples its resident memory and V8 heap, to show whether
 * memory stays flat and whether Node warned of a listener leak
 * (MaxListenersExceededWarning) in its log.
 */
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { BenchApp } from '../runtime/bench-app';
import { Emulator } from '../runtime/emulator';
import { MemorySample, memoryTrend, MemoryTrend } from '../usage/memory-trend';
import { BenchOptions } from '../bench-options';
import { orderBody } from './order-body';
import { metricSum } from '../runtime/prometheus';
import { Progress, ProgressBar } from '../runtime/progress';
import { PhaseUsage, snapshot, usageBetween } from '../usage/phase-usage';

export interface SoakResult {
  readonly orders: number;
  readonly completed: number;
  readonly concurrency: number;
  readonly processingMs: number;
  readonly seconds: number;
  readonly finished: boolean;
  readonly samples: readonly MemorySample[];
  readonly rss?: MemoryTrend;
  readonly heap?: MemoryTrend;
  readonly leakWarnings: number;
  readonly usage: PhaseUsage;
}

const SAMPLE_MS = 1000;

export async function soak(
  emulator: Emulator,
  options: BenchOptions,
  progress: Progress,
): Promise<SoakResult> {
  const { soakOrders: orders, soakConcurrency: concurrency, soakProcessingMs: processingMs } = options;
  progress.step(
    `soak: ${orders} orders through one processor (PROCESSOR_CONCURRENCY=${concurrency}, ` +
      `PROCESSING_TIME_MS=${processingMs}), memory sampled every ${SAMPLE_MS / 1000} s`,
  );
  const locations = await emulator.provision('soak');
  const topUp = backlog(emulator, locations.queueUrl, orders, concurrency);
  await topUp(0);
  const processor = await BenchApp.start(
    'order-processor',
    {
      ...emulator.appEnv(locations),
      PROCESSOR_CONCURRENCY: String(concurrency),
      PROCESSING_TIME_MS: String(processingMs),
      PROCESSING_JITTER_MS: '0',
      FAILURE_RATE: '0',
    },
    options.processorPort,
    options.outDir,
    'soak',
  );
  const bar = progress.bar('soak', orders, 'orders');
  const started = performance.now();
  try {
    const before = await snapshot({ processor, emulator });
    const completedBefore = await processor.orders('completed');
    const { completed, samples } = await sampleUntilDone(processor, orders, started, topUp, bar);
    const after = await snapshot({ processor, emulator });
    bar.stop();
    const result: SoakResult = {
      orders,
      completed,
      concurrency,
      processingMs,
      seconds: (performance.now() - started) / 1000,
      finished: completed >= orders,
      samples,
      rss: memoryTrend(samples, 'rssMiB'),
      heap: memoryTrend(samples, 'heapUsedMiB'),
      leakWarnings: 0,
      usage: usageBetween(before, after, completed - completedBefore),
    };
    progress.note(
      `${completed}/${orders} completed in ${result.seconds.toFixed(0)} s; RSS ` +
        (result.rss
          ? `${result.rss.fromMiB.toFixed(0)} → ${result.rss.toMiB.toFixed(0)} MiB`
          : 'not measured') +
        (result.heap ? `, heap ${result.heap.fromMiB.toFixed(0)} → ${result.heap.toMiB.toFixed(0)} MiB` : ''),
    );
    await processor.stop();
    return { ...result, leakWarnings: countLeakWarnings(processor.process.logFile) };
  } finally {
    bar.stop();
    await processor.stop();
  }
}

/**
 * Sends the soak's orders a window at a time: the returned function tops the queue up once fewer than a
 * window of them wait. moto's ReceiveMessage walks the whole queue on every call, so 10,000 waiting
 * messages would make the emulator, not the processor, set the pace.
 */
function backlog(
  emulator: Emulator,
  queueUrl: string,
  orders: number,
  concurrency: number,
): (completed: number) => Promise<void> {
  const window = Math.max(200, concurrency * 2);
  let sent = 0;
  return async (completed) => {
    if (sent >= orders || sent - completed >= window) return;
    const count = Math.min(window, orders - sent);
    const bodies = Array.from({ length: count }, (_, i) => JSON.stringify(orderBody(`soak-${sent + i}`)));
    await emulator.sendAll(queueUrl, bodies);
    sent += count;
  };
}

/** Samples the processor's memory every SAMPLE_MS until it completed `orders`, topping the backlog up. */
async function sampleUntilDone(
  processor: BenchApp,
  orders: number,
  started: number,
  topUp: (completed: number) => Promise<void>,
  bar: ProgressBar,
): Promise<{ completed: number; samples: MemorySample[] }> {
  const samples: MemorySample[] = [];
  // The emulator sets the pace: allow 5 orders/s at worst, and a minute to boot.
  const deadline = started + 60000 + (orders / 5) * 1000;
  let completed = 0;
  while (completed < orders && performance.now() < deadline) {
    await sleep(SAMPLE_MS);
    // A scrape that times out on a busy machine is a missing sample, not a failed soak.
    const metrics = await processor.metrics().catch(() => undefined);
    if (!metrics) continue;
    completed = metricSum(metrics, 'orders_total', { outcome: 'completed' });
    await topUp(completed);
    const heapBytes = metrics.get('nodejs_heap_size_used_bytes');
    samples.push({
      seconds: (performance.now() - started) / 1000,
      orders: completed,
      rssMiB: processor.process.rssMiB(),
      heapUsedMiB: heapBytes === undefined ? undefined : heapBytes / 2 ** 20,
    });
    bar.update(completed, `RSS ${samples.at(-1)?.rssMiB?.toFixed(0) ?? '?'} MiB`);
  }
  return { completed, samples };
}

function countLeakWarnings(logFile: string): number {
  try {
    return (readFileSync(logFile, 'utf8').match(/MaxListenersExceededWarning/g) ?? []).length;
  } catch {
    return 0;
  }
}
