import { setTimeout as sleep } from 'node:timers/promises';
import { BenchApp } from './apps';
import { Emulator } from './emulator';
import { LocustStats, runLocust } from './locust';
import { BenchOptions } from './options';
import { metricSum } from './prometheus';
import { Progress } from './progress';

export interface SyncResult {
  readonly locust: LocustStats;
  /** Orders COMPLETED in the phase's table once the run ended. */
  readonly completed: number;
  readonly receiverPeakMiB: number;
}

export interface AsyncResult {
  readonly locust: LocustStats;
  /** 202 answers counted by the receiver (orders_total{outcome="accepted"}). */
  readonly accepted: number;
  /** Orders COMPLETED in the phase's table after the processor drained the queue. */
  readonly completed: number;
  /** Whether the processor ran during the load, or started when it ended. */
  readonly processorDuringLoad: boolean;
  /** Seconds from the end of the load until the processor had finished every accepted order. */
  readonly drainSeconds: number;
  readonly drained: boolean;
  readonly processorConcurrency: number;
  readonly receiverPeakMiB: number;
  readonly processorPeakMiB: number;
}

export interface CompareResult {
  readonly sync: SyncResult;
  readonly async: AsyncResult;
  readonly users: number;
  readonly spawnRate: number;
  readonly durationSeconds: number;
  readonly processingMs: number;
}

/** The same locust users against POST /orders/sync, then against POST /orders/async. */
export async function compareSyncAndAsync(
  emulator: Emulator,
  options: BenchOptions,
  progress: Progress,
): Promise<CompareResult> {
  const run = {
    users: options.users,
    spawnRate: options.spawnRate,
    durationSeconds: options.durationSeconds,
    outDir: options.outDir,
  };
  const processing = {
    PROCESSING_TIME_MS: String(options.compareProcessingMs),
    PROCESSING_JITTER_MS: '0',
    FAILURE_RATE: '0',
  };
  // A sync request in flight when the run ends needs the processing time to answer.
  const stopTimeoutSeconds = Math.ceil(options.compareProcessingMs / 1000) + 5;

  progress.step(
    `sync: ${options.users} users against POST /orders/sync for ${options.durationSeconds} s (PROCESSING_TIME_MS=${options.compareProcessingMs})`,
  );
  const syncLocations = await emulator.provision('sync');
  const syncReceiver = await BenchApp.start(
    'order-receiver',
    { ...emulator.appEnv(syncLocations), ...processing },
    options.receiverPort,
    options.outDir,
    'sync',
  );
  let syncStats: LocustStats;
  try {
    syncStats = await progress.timed(
      'POST /orders/sync',
      options.durationSeconds,
      runLocust({
        ...run,
        locustfile: 'sync_orders.py',
        host: syncReceiver.url,
        stopTimeoutSeconds,
        name: 'sync',
      }),
      async () => `${requestCount(await syncReceiver.metrics(), '/orders/sync')} answered`,
    );
  } finally {
    await syncReceiver.stop();
  }
  const sync: SyncResult = {
    locust: syncStats,
    completed: await emulator.countStatus(syncLocations.tableName, 'COMPLETED'),
    receiverPeakMiB: syncReceiver.peakMemoryMiB(),
  };
  progress.note(summarise(sync.locust));

  progress.step(
    `async: the same users against POST /orders/async; processor at PROCESSOR_CONCURRENCY=${options.asyncProcessorConcurrency} ` +
      (options.processorDuringLoad ? 'during the load' : 'once the load ends'),
  );
  const asyncLocations = await emulator.provision('async');
  const env = { ...emulator.appEnv(asyncLocations), ...processing };
  const processorEnv = {
    ...env,
    PROCESSOR_CONCURRENCY: String(options.asyncProcessorConcurrency),
    PROCESSOR_BATCH_SIZE: String(options.batchSize),
  };
  const startProcessor = () =>
    BenchApp.start('order-processor', processorEnv, options.processorPort, options.outDir, 'async');
  const receiver = await BenchApp.start('order-receiver', env, options.receiverPort, options.outDir, 'async');
  let processor: BenchApp | undefined;
  try {
    if (options.processorDuringLoad) processor = await startProcessor();
    const stats = await progress.timed(
      'POST /orders/async',
      options.durationSeconds,
      runLocust({
        ...run,
        locustfile: 'async_orders.py',
        host: receiver.url,
        stopTimeoutSeconds: 5,
        name: 'async',
      }),
      async () => {
        const [r, p] = await Promise.all([receiver.metrics(), processor?.orders('completed') ?? 0]);
        return `${metricSum(r, 'orders_total', { outcome: 'accepted' })} accepted, ${p} completed`;
      },
    );
    const loadEnded = Date.now();
    const accepted = await receiver.orders('accepted');
    const receiverPeakMiB = receiver.peakMemoryMiB();
    await receiver.stop();
    processor ??= await startProcessor();
    const working = processor;

    // Every accepted order must reach COMPLETED; the processor works through the backlog at its own pace.
    const perSecond = options.asyncProcessorConcurrency / Math.max(0.001, options.compareProcessingMs / 1000);
    const timeoutMs = 60000 + (accepted / Math.min(perSecond, 25)) * 1000;
    const bar = progress.bar('draining the queue', accepted, 'orders');
    let done = await working.orders('completed');
    while (done < accepted && Date.now() - loadEnded < timeoutMs) {
      await sleep(250);
      done = await working.orders('completed');
      bar.update(done);
    }
    bar.update(done);
    bar.stop();
    const drainSeconds = (Date.now() - loadEnded) / 1000;
    const result: AsyncResult = {
      locust: stats,
      accepted,
      completed: await emulator.countStatus(asyncLocations.tableName, 'COMPLETED'),
      drainSeconds,
      drained: done >= accepted,
      processorConcurrency: options.asyncProcessorConcurrency,
      receiverPeakMiB,
      processorPeakMiB: working.peakMemoryMiB(),
      processorDuringLoad: options.processorDuringLoad,
    };
    progress.note(
      `${summarise(stats)}; ${result.completed}/${accepted} COMPLETED ${drainSeconds.toFixed(1)} s after the load`,
    );
    return {
      sync,
      async: result,
      users: options.users,
      spawnRate: options.spawnRate,
      durationSeconds: options.durationSeconds,
      processingMs: options.compareProcessingMs,
    };
  } finally {
    await Promise.all([receiver.stop(), processor?.stop()]);
  }
}

function requestCount(metrics: Map<string, number>, route: string): number {
  return metricSum(metrics, 'http_requests_total', { route });
}

function summarise(s: LocustStats): string {
  return `${s.requests} requests, ${s.failures} failed, ${s.requestsPerSecond.toFixed(1)} req/s, p50 ${s.p50Ms} ms, p99 ${s.p99Ms} ms`;
}
