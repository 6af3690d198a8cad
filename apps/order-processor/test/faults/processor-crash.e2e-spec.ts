import { setTimeout as sleep } from 'node:timers/promises';
import { AppProcess, testOrder } from '@app/testing';
import {
  errorOf,
  fulfilmentFigures,
  fulfilmentKeys,
  ProcessorHarness,
  waitForFulfilments,
} from '../processor-harness';

/**
 * Enough for three kills under load and a restart to finish the rest. The emulator's pace, not the
 * processor's, bounds how long they take: about 150 ms of moto CPU per processed order, so a busy
 * 2-core machine drains only a few orders a second.
 */
const ORDERS = 200;
const KILLS = 3;
const PROCESSING_TIME_MS = 1000;
const CONCURRENCY = 50;
/** moto, not the concurrency, bounds how many orders are mid-fulfilment at once (about 15–25 here, fewer when busy). */
const MIN_IN_FLIGHT = 5;

/** What was going on in a processor at the instant it was killed. */
interface Kill {
  /** Orders started (claimed) and not yet fulfilled: their fulfilment was cut off. */
  readonly inFlight: string[];
  /**
   * Orders fulfilled whose COMPLETED write this process had not seen acknowledged: cut off in
   * the window between the fulfilment and its final write, the one place a second fulfilment
   * of the same run is allowed (a downstream deduplicates it on the run's idempotency key).
   */
  readonly unrecorded: string[];
  /** Orders this process had fulfilled before the kill. */
  readonly fulfilledBefore: number;
}

/**
 * Fault: the processor is killed (kill -9: no drain, no release) three times
 * while orders are in flight, and restarted each time. Every order still ends
 * COMPLETED, every fulfilment of an order carries the one idempotency key of
 * its run, and an order is fulfilled a second time only when a kill fell
 * between its fulfilment and its COMPLETED write (the documented limit of
 * "exactly once in effect", which the key makes harmless downstream).
 *
 * The kills are not aimed: each lands as soon as enough orders are in flight,
 * whatever the machine's pace, so a busy machine cannot starve the test of a
 * moment to kill at.
 */
describe('fault: processor crash (kill -9 three times under load)', () => {
  let h: ProcessorHarness;
  const start = () =>
    h.startProcessor({
      PROCESSOR_CONCURRENCY: CONCURRENCY,
      PROCESSING_TIME_MS,
      PROCESSING_JITTER_MS: 0,
      // Lease 8 s: a claim or renewal may take up to ~2.6 s on a saturated emulator before the worker
      // gives the order up (the lease guard); a killed worker's orders return after it.
      VISIBILITY_TIMEOUT_SECONDS: 8,
      SQS_WAIT_TIME_SECONDS: 1,
      LOG_LEVEL: 'info',
    });

  /** Kills `p` with SIGKILL once it has fulfilled `minFulfilled` orders and has `minInFlight` in flight. */
  const killUnderLoad = async (p: AppProcess, minFulfilled: number, minInFlight: number): Promise<Kill> => {
    const deadline = Date.now() + 120000;
    for (;;) {
      const started = new Set(p.lines('order processing started').map((l) => l.orderId!));
      const fulfilled = new Set(p.lines('order fulfilled').map((l) => l.orderId!));
      const inFlight = [...started].filter((id) => !fulfilled.has(id));
      if (fulfilled.size >= minFulfilled && inFlight.length >= minInFlight) {
        p.kill('SIGKILL');
        expect(await p.exited).toEqual({ code: null, signal: 'SIGKILL' });
        // Read after the exit: every line the process wrote before it died is in.
        const recorded = new Set(
          [...p.lines('order completed'), ...p.lines('order lease lost before completion')].map(
            (l) => l.orderId!,
          ),
        );
        const fulfilledAtKill = p.lines('order fulfilled').map((l) => l.orderId!);
        return {
          inFlight: inFlight.filter((id) => !fulfilledAtKill.includes(id)),
          unrecorded: fulfilledAtKill.filter((id) => !recorded.has(id)),
          fulfilledBefore: fulfilledAtKill.length,
        };
      }
      if (Date.now() > deadline) {
        throw new Error(
          `no load built up within 120 s: fulfilled ${fulfilled.size}, in flight ${inFlight.length}`,
        );
      }
      await sleep(20);
    }
  };

  beforeAll(async () => {
    h = await ProcessorHarness.start();
  });

  afterAll(async () => {
    await h?.stop();
  });

  it(`completes ${ORDERS} of ${ORDERS} orders, each run under one idempotency key, across ${KILLS} kill -9s and restarts`, async () => {
    const began = Date.now();
    const orders = Array.from({ length: ORDERS }, (_, i) => testOrder(`crash-${i}-${began}`));
    const orderIds = orders.map((o) => o.orderId);
    await h.publishAll(orders);

    const kills: Kill[] = [];
    for (let k = 0; k < KILLS; k++) {
      const p = await start();
      kills.push(await killUnderLoad(p, CONCURRENCY / 2, MIN_IN_FLIGHT));
    }
    const survivor = await start();

    // Figures are printed whether or not the wait succeeded; the wait's error is asserted after.
    const waitError = await errorOf(
      waitForFulfilments(h.processors, orderIds, 240000).then(() =>
        h.waitForAllStatus(orderIds, 'COMPLETED', 60000),
      ),
    );
    const items = await h.scanOrders();
    const figures = fulfilmentFigures(h.processors, orderIds);
    const completed = orderIds.filter((id) => items.get(id)?.status === 'COMPLETED').length;
    const keys = fulfilmentKeys(h.processors);
    const unrecorded = kills.flatMap((k) => k.unrecorded);
    console.log(
      `crash: ${completed}/${ORDERS} COMPLETED, fulfilments: ${figures.fulfilments}, ` +
        `max per order: ${figures.maxPerOrder}, kills: ${kills.length} ` +
        `(in flight at each kill: ${kills.map((k) => k.inFlight.length).join(', ')}; ` +
        `between fulfilment and record: ${kills.map((k) => k.unrecorded.length).join(', ')}; ` +
        `fulfilled before each: ${kills.map((k) => k.fulfilledBefore).join(', ')}), ` +
        `fulfilled by the last process: ${survivor.lines('order fulfilled').length}, ` +
        `fulfilled twice: ${Object.keys(figures.twice).length}, took ${Date.now() - began} ms`,
    );
    expect(waitError).toBeUndefined();
    expect(completed).toBe(ORDERS);
    expect(items.size).toBe(ORDERS);
    expect(figures.never).toEqual([]);
    // One run per order, so one idempotency key, whichever process ran it and however often.
    for (const id of orderIds) expect(keys.get(id)).toEqual(new Set([`c-1:${id}:run-1`]));
    // A second fulfilment only where a kill cut an order off between fulfilment and its record.
    for (const [id, count] of Object.entries(figures.twice)) {
      expect(count).toBeLessThanOrEqual(1 + unrecorded.filter((u) => u === id).length);
    }
    // The kills did cut orders off mid-fulfilment, and a later process completed each on a later attempt.
    const cutOff = kills.flatMap((k) => k.inFlight);
    expect(cutOff.length).toBeGreaterThanOrEqual(KILLS * MIN_IN_FLIGHT);
    const firstAttemptOnly = cutOff.filter((id) => (items.get(id)?.attempts ?? 0) < 2);
    expect(firstAttemptOnly).toEqual([]);
  }, 480000);
});
