/**
 * The same locust users against POST /orders/sync, then POST /orders/async;
 * the async phase's processor then works the accepted orders. Each half records
 * its usage per order (CPU of every process, the apps' AWS requests) and is a
 * data point of its own: if one fails, the other still runs.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { ResourceLocations } from '@app/aws-resources';
import { BenchApp } from '../runtime/bench-app';
import { Emulator } from '../runtime/emulator';
import { LocustStats, runLocust } from './locust';
import { BenchOptions } from '../bench-options';
import { PhaseRecorder } from './phase-recorder';
import { metricSum } from '../runtime/prometheus';
import { Progress } from '../runtime/progress';
import { PhaseUsage, snapshot, usageBetween } from '../usage/phase-usage';

export interface SyncResult {
  readonly locust: LocustStats;
  /** Orders COMPLETED in the phase's table once the run ended (undefined: the scan failed). */
  readonly completed?: number;
  readonly receiverPeakMiB: number;
  /** Per order the receiver finished (COMPLETED or FAILED). */
  readonly usage: PhaseUsage;
}

export interface AsyncResult {
  readonly locust: LocustStats;
  /** 202 answers counted by the receiver (orders_total{outcome="accepted"}). */
  readonly accepted: number;
  /** Orders COMPLETED in the phase's table after the processor drained the queue (undefined: the scan failed). */
  readonly completed?: number;
  /** Whether the processor ran during the load, or started when it ended. */
  readonly processorDuringLoad: boolean;
  /** Seconds from the end of the load until the processor had finished every accepted order. */
  readonly drainSeconds: number;
  readonly drained: boolean;
  readonly processorConcurrency: number;
  readonly receiverPeakMiB: number;
  readonly processorPeakMiB: number;
  /** Per accepted order, receiver and emulator, during the load. */
  readonly intake: PhaseUsage;
  /**
   * Whether the receiver checked each request's token (a request without one is refused 401):
   * the receiver's CPU per order then includes the verification, keys cached.
   */
  readonly authenticated: boolean;
  /** Fetches of the issuer's signing keys by the receiver during the load (its /metrics): keys cached means a handful, not one per order. */
  readonly signingKeyFetches?: number;
  /** Per completed order, processor and emulator, while it drained the queue. */
  readonly processing?: PhaseUsage;
}

export interface CompareResult {
  readonly sync?: SyncResult;
  readonly async?: AsyncResult;
  readonly users: number;
  readonly spawnRate: number;
  readonly durationSeconds: number;
  readonly processingMs: number;
}

export async function compareSyncAndAsync(
  emulator: Emulator,
  options: BenchOptions,
  progress: Progress,
  phases: PhaseRecorder,
): Promise<CompareResult> {
  return {
    sync: await phases.attempt('sync', () => runSync(emulator, options, progress)),
    async: await phases.attempt('async', () => runAsync(emulator, options, progress)),
    users: options.users,
    spawnRate: options.spawnRate,
    durationSeconds: options.durationSeconds,
    processingMs: options.compareProcessingMs,
  };
}

/** What the sync and async locust runs share: the users, and the service token of `locations`' pool. */
function locustRun(options: BenchOptions, emulator: Emulator, locations: ResourceLocations) {
  return {
    token: emulator.serviceToken(locations),
    users: options.users,
    spawnRate: options.spawnRate,
    durationSeconds: options.durationSeconds,
    outDir: options.outDir,
  };
}

function processingEnv(options: BenchOptions): Record<string, string> {
  return {
    PROCESSING_TIME_MS: String(options.compareProcessingMs),
    PROCESSING_JITTER_MS: '0',
    FAILURE_RATE: '0',
  };
}

/** COMPLETED items of a table; undefined when the scan fails (an SDK timeout on a busy emulator). */
function completedIn(emulator: Emulator, tableName: string): Promise<number | undefined> {
  return emulator.countStatus(tableName, 'COMPLETED').catch(() => undefined);
}

async function runSync(emulator: Emulator, options: BenchOptions, progress: Progress): Promise<SyncResult> {
  progress.step(
    `sync: ${options.users} users against POST /orders/sync for ${options.durationSeconds} s (PROCESSING_TIME_MS=${options.compareProcessingMs})`,
  );
  const locations = await emulator.provision('sync');
  const receiver = await BenchApp.start(
    'order-receiver',
    { ...emulator.appEnv(locations), ...processingEnv(options) },
    options.receiverPort,
    options.outDir,
    'sync',
  );
  try {
    const before = await snapshot({ receiver, emulator });
    const finishedBefore = metricSum(await receiver.metrics(), 'orders_total', { channel: 'sync' });
    const stats = await progress.timed(
      'POST /orders/sync',
      options.durationSeconds,
      runLocust({
        ...locustRun(options, emulator, locations),
        locustfile: 'sync_orders.py',
        host: receiver.url,
        // A sync request in flight when the run ends needs the processing time to answer.
        stopTimeoutSeconds: Math.ceil(options.compareProcessingMs / 1000) + 5,
        name: 'sync',
      }),
      async () =>
        `${metricSum(await receiver.metrics(), 'http_requests_total', { route: '/orders/sync' })} answered`,
    );
    // Orders the receiver finished (orders_total{channel="sync"}), requests locust cut off at the end included.
    const finished =
      metricSum(await receiver.metrics(), 'orders_total', { channel: 'sync' }) - finishedBefore;
    const usage = usageBetween(before, await snapshot({ receiver, emulator }), finished);
    await receiver.stop();
    const result: SyncResult = {
      locust: stats,
      completed: await completedIn(emulator, locations.tableName),
      receiverPeakMiB: receiver.peakMemoryMiB(),
      usage,
    };
    progress.note(summarise(stats));
    return result;
  } finally {
    await receiver.stop();
  }
}

async function runAsync(emulator: Emulator, options: BenchOptions, progress: Progress): Promise<AsyncResult> {
  progress.step(
    `async: the same users against POST /orders/async; processor at PROCESSOR_CONCURRENCY=${options.asyncProcessorConcurrency} ` +
      (options.processorDuringLoad ? 'during the load' : 'once the load ends'),
  );
  const locations = await emulator.provision('async');
  const env = { ...emulator.appEnv(locations), ...processingEnv(options) };
  const processorEnv = {
    ...env,
    PROCESSOR_CONCURRENCY: String(options.asyncProcessorConcurrency),
  };
  const startProcessor = () =>
    BenchApp.start('order-processor', processorEnv, options.processorPort, options.outDir, 'async');
  const receiver = await BenchApp.start('order-receiver', env, options.receiverPort, options.outDir, 'async');
  let processor: BenchApp | undefined;
  try {
    if (options.processorDuringLoad) processor = await startProcessor();
    const authenticated = await receiver.enforcesAuthentication();
    const keyFetches = async () => metricSum(await receiver.metrics(), 'signing_key_fetches_total', {});
    const keyFetchesBefore = await keyFetches();
    const before = await snapshot({ receiver, emulator });
    const stats = await progress.timed(
      'POST /orders/async',
      options.durationSeconds,
      runLocust({
        ...locustRun(options, emulator, locations),
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
    const intake = usageBetween(before, await snapshot({ receiver, emulator }), accepted);
    const signingKeyFetches = (await keyFetches()) - keyFetchesBefore;
    const receiverPeakMiB = receiver.peakMemoryMiB();
    await receiver.stop();
    processor ??= await startProcessor();
    const { processing, done } = await drainAccepted(
      processor,
      emulator,
      accepted,
      loadEnded,
      options,
      progress,
    );
    const drainSeconds = (Date.now() - loadEnded) / 1000;
    const result: AsyncResult = {
      locust: stats,
      accepted,
      completed: await completedIn(emulator, locations.tableName),
      drainSeconds,
      drained: done >= accepted,
      processorConcurrency: options.asyncProcessorConcurrency,
      receiverPeakMiB,
      processorPeakMiB: processor.peakMemoryMiB(),
      processorDuringLoad: options.processorDuringLoad,
      intake,
      authenticated,
      signingKeyFetches,
      processing,
    };
    progress.note(
      `${summarise(stats)}; ${result.completed ?? '?'}/${accepted} COMPLETED ${drainSeconds.toFixed(1)} s after the load`,
    );
    return result;
  } finally {
    await Promise.all([receiver.stop(), processor?.stop()]);
  }
}

/** Every accepted order must reach COMPLETED; the processor works through the backlog at its own pace. */
async function drainAccepted(
  processor: BenchApp,
  emulator: Emulator,
  accepted: number,
  loadEnded: number,
  options: BenchOptions,
  progress: Progress,
): Promise<{ processing?: PhaseUsage; done: number }> {
  const perSecond = options.asyncProcessorConcurrency / Math.max(0.001, options.compareProcessingMs / 1000);
  const timeoutMs = 60000 + (accepted / Math.min(perSecond, 25)) * 1000;
  const before = await snapshot({ processor, emulator });
  const doneBefore = await processor.orders('completed');
  const bar = progress.bar('draining the queue', accepted, 'orders');
  let done = doneBefore;
  try {
    while (done < accepted && Date.now() - loadEnded < timeoutMs) {
      await sleep(250);
      // A scrape that times out on a busy machine is a missing sample, not a failed phase.
      done = (await processor.orders('completed').catch(() => undefined)) ?? done;
      bar.update(done);
    }
  } finally {
    bar.stop();
  }
  const after = await snapshot({ processor, emulator }).catch(() => undefined);
  return { processing: after && usageBetween(before, after, done - doneBefore), done };
}

function summarise(s: LocustStats): string {
  return `${s.requests} requests, ${s.failures} failed, ${s.requestsPerSecond.toFixed(1)} req/s, p50 ${s.p50Ms} ms, p99 ${s.p99Ms} ms`;
}
