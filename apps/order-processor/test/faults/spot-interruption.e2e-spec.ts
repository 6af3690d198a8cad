import { setTimeout as sleep } from 'node:timers/promises';
import { testOrder } from '@app/testing';
import { errorOf, fulfilmentFigures, ProcessorHarness, waitForFulfilments } from '../processor-harness';

const PROCESSING_TIME_MS = 1000;
const SHUTDOWN_TIMEOUT_MS = 10000;
/** What the exit may take beyond SHUTDOWN_TIMEOUT_MS: closing the app and its clients. A bound, not a target. */
const EXIT_MARGIN_MS = 5000;
const CONCURRENCY = 20;
/** SIGTERM comes once this many orders were fulfilled and this many are mid-fulfilment. */
const MIN_FULFILLED = 10;
const MIN_IN_FLIGHT = 4;
/** The load: a batch published every LOAD_INTERVAL_MS, for at most LOAD_MAX_ORDERS orders. */
const LOAD_BATCH = 5;
const LOAD_INTERVAL_MS = 200;
const LOAD_MAX_ORDERS = 600;

/**
 * Fault: a Spot interruption, i.e. SIGTERM to the processor while orders keep
 * arriving. The orders it is working on finish, it takes no new ones, it
 * exits 0 within SHUTDOWN_TIMEOUT_MS, and after a restart every order
 * published completes, each fulfilled once.
 */
describe('fault: Spot interruption (SIGTERM under a continuous load)', () => {
  let h: ProcessorHarness;
  let loadRunning = false;
  let load: Promise<void> | undefined;

  const start = () =>
    h.startProcessor({
      PROCESSOR_CONCURRENCY: CONCURRENCY,
      PROCESSING_TIME_MS,
      VISIBILITY_TIMEOUT_SECONDS: 8,
      SQS_WAIT_TIME_SECONDS: 1,
      SHUTDOWN_TIMEOUT_MS,
    });

  /** Publishes LOAD_BATCH orders every LOAD_INTERVAL_MS until stopped or LOAD_MAX_ORDERS were sent. */
  const startLoad = (published: string[]) => {
    loadRunning = true;
    load = (async () => {
      for (let i = 0; loadRunning && published.length < LOAD_MAX_ORDERS; i++) {
        const batch = Array.from({ length: LOAD_BATCH }, (_, j) => testOrder(`spot-${i}-${j}-${Date.now()}`));
        await h.publishAll(batch);
        published.push(...batch.map((o) => o.orderId));
        await sleep(LOAD_INTERVAL_MS);
      }
    })();
  };
  const stopLoad = async () => {
    loadRunning = false;
    await load;
  };

  beforeAll(async () => {
    h = await ProcessorHarness.start();
  });

  afterAll(async () => {
    await stopLoad().catch(() => undefined);
    await h?.stop();
  });

  it('finishes in-flight orders, exits 0 within SHUTDOWN_TIMEOUT_MS, and a restart completes every order once', async () => {
    const published: string[] = [];
    const first = await start();
    startLoad(published);

    // Under load: orders being fulfilled right now, and some already done.
    const inFlightNow = () => {
      const fulfilled = new Set(first.lines('order fulfilled').map((l) => l.orderId));
      return first.lines('order processing started').filter((l) => !fulfilled.has(l.orderId)).length;
    };
    // Judged on events, not a guess at the machine's pace: a busy machine only takes longer to get there.
    const deadline = Date.now() + 120000;
    while (!(first.lines('order fulfilled').length >= MIN_FULFILLED && inFlightNow() >= MIN_IN_FLIGHT)) {
      if (Date.now() > deadline) throw new Error(`no load built up: ${inFlightNow()} in flight`);
      await sleep(20);
    }

    const inFlightAtSigterm = inFlightNow();
    const sigtermAt = Date.now();
    first.kill('SIGTERM');
    const exit = await first.exited;
    const exitMs = Date.now() - sigtermAt;

    // Orders keep arriving while the processor is gone, and for a while after the restart.
    const second = await start();
    await sleep(2000);
    await stopLoad();

    const startedInFirst = [...new Set(first.lines('order processing started').map((l) => l.orderId!))];
    const unfinishedInFirst = startedInFirst.filter((id) => first.lines('order fulfilled', id).length === 0);
    const drain = first.lines('drain complete')[0] ?? {};
    const waitError = await errorOf(
      waitForFulfilments(h.processors, published, 60000).then(() =>
        h.waitForAllStatus(published, 'COMPLETED', 30000),
      ),
    );
    const items = await h.scanOrders();
    const completed = published.filter((id) => items.get(id)?.status === 'COMPLETED').length;
    const figures = fulfilmentFigures(h.processors, published);
    console.log(
      `spot: SIGTERM with ${inFlightAtSigterm} orders in flight; exit code ${exit.code} after ${exitMs} ms ` +
        `(bound: SHUTDOWN_TIMEOUT_MS ${SHUTDOWN_TIMEOUT_MS} + ${EXIT_MARGIN_MS} ms); ` +
        `drain finished ${String(drain.finished)}, released ${String(drain.released)}; ` +
        `started but unfinished at exit: ${unfinishedInFirst.length}; ` +
        `after the restart: ${completed}/${published.length} COMPLETED, fulfilments: ${figures.fulfilments}, ` +
        `max per order: ${figures.maxPerOrder} (first process ${first.lines('order fulfilled').length}, ` +
        `second ${second.lines('order fulfilled').length})`,
    );

    expect(exit).toEqual({ code: 0, signal: null });
    expect(exitMs).toBeLessThanOrEqual(SHUTDOWN_TIMEOUT_MS + EXIT_MARGIN_MS);
    // Everything it had started, it finished before exiting; nothing was cut off.
    expect(drain).toMatchObject({ released: 0 });
    expect(drain.finished).toBeGreaterThan(0);
    expect(unfinishedInFirst).toEqual([]);
    for (const id of startedInFirst) {
      expect({ id, fulfilledBy: first.lines('order fulfilled', id).length }).toEqual({ id, fulfilledBy: 1 });
    }
    expect(waitError).toBeUndefined();
    expect(completed).toBe(published.length);
    expect(figures.twice).toEqual({});
    expect(figures.fulfilments).toBe(published.length);
    // The load really went on across the interruption: the second process had work of its own.
    expect(second.lines('order fulfilled').length).toBeGreaterThan(0);
  }, 300000);
});
