import { MESSAGING_SETTINGS } from '@app/aws-resources';
import { testOrder, waitFor } from '@app/testing';
import { errorOf, fulfilmentFigures, ProcessorHarness, tally } from '../processor-harness';

const BATCH = 20;
const CONCURRENCY = 10;

/** BATCH malformed bodies of every kind the processor must refuse, each unique. */
function malformedBodies(tag: string): string[] {
  const { items } = testOrder();
  const kinds = [
    (i: number) => `{not json ${tag}-${i}`,
    (i: number) => JSON.stringify([`${tag}-${i}`]),
    (i: number) => JSON.stringify({ customerId: `${tag}-${i}`, items }),
    (i: number) => JSON.stringify({ orderId: `${tag}-${i}`, customerId: 'c-1', items: [] }),
    (i: number) =>
      JSON.stringify({
        orderId: `${tag}-${i}`,
        customerId: 'c-1',
        items: [{ productId: 'p', quantity: 5000, price: 1 }],
      }),
    (i: number) => JSON.stringify({ ...testOrder(`${tag}-${i}`), evil: true }),
    (i: number) => JSON.stringify({ ...testOrder(), orderId: `${tag} ${i} has spaces` }),
    (i: number) =>
      JSON.stringify({
        orderId: `${tag}-${i}`,
        customerId: 'c-1',
        items: [{ productId: 'p', quantity: 1, price: -1 }],
      }),
  ];
  return Array.from({ length: BATCH }, (_, i) => kinds[i % kinds.length](i));
}

/**
 * Fault: poison messages under load. FAILURE_RATE is one setting per process,
 * so the always-failing orders run as a batch on a processor with
 * FAILURE_RATE=1, mixed with malformed messages; then a healthy processor gets
 * more malformed messages ahead of good orders and of copies of the orders that
 * failed. Malformed messages and finally failed orders end in the dead-letter
 * queue with a reason after MAX_RECEIVE_COUNT receives, the failed orders are
 * FAILED with their reason and are not run again, and the good orders are
 * completed once each.
 */
describe('fault: poison messages (malformed and always-failing, mixed with good orders)', () => {
  let h: ProcessorHarness;
  const start = (failureRate: number) =>
    h.startProcessor({
      PROCESSOR_CONCURRENCY: CONCURRENCY,
      PROCESSING_TIME_MS: 50,
      FAILURE_RATE: failureRate,
    });
  /** Sends the two lists in alternating chunks of five, so neither waits behind the other. */
  const interleave = async (first: (n: number) => Promise<void>, second: (n: number) => Promise<void>) => {
    for (let n = 0; n < BATCH; n += 5) {
      await first(n);
      await second(n);
    }
  };
  const queueDrained = () => h.queueIsEmpty();

  beforeAll(async () => {
    h = await ProcessorHarness.start();
  });

  afterAll(async () => {
    await h?.stop();
  });

  it('dead-letters malformed and finally failed orders with a reason, and completes the good ones once', async () => {
    const began = Date.now();
    const maxReceives = MESSAGING_SETTINGS.maxReceiveCount;
    const failing = Array.from({ length: BATCH }, (_, i) => testOrder(`fail-${i}-${began}`));
    const good = Array.from({ length: BATCH }, (_, i) => testOrder(`good-${i}-${began}`));
    const malformed1 = malformedBodies(`m1-${began}`);
    const malformed2 = malformedBodies(`m2-${began}`);
    const failingIds = failing.map((o) => o.orderId);
    const goodIds = good.map((o) => o.orderId);

    // Phase 1: every attempt fails (FAILURE_RATE=1); malformed messages mixed in.
    const failer = await start(1);
    await interleave(
      (n) => h.publishAll(failing.slice(n, n + 5)),
      (n) => h.sendAll(malformed1.slice(n, n + 5)),
    );
    const failedError = await errorOf(h.waitForAllStatus(failingIds, 'FAILED', 120000));
    await waitFor(queueDrained, 30000, 'the queue to be drained after phase 1');
    const afterPhase1 = await h.scanOrders();
    const deadAfterPhase1 = await h.peekDeadLetters();
    failer.kill('SIGTERM');
    expect(await failer.exited).toEqual({ code: 0, signal: null });

    // Phase 2: a healthy processor; malformed messages first, then good orders mixed with copies of the failed ones.
    const healthy = await start(0);
    await h.sendAll(malformed2);
    await interleave(
      (n) => h.publishAll(good.slice(n, n + 5)),
      (n) => h.publishAll(failing.slice(n, n + 5)),
    );
    const goodError = await errorOf(h.waitForAllStatus(goodIds, 'COMPLETED', 120000));
    await waitFor(queueDrained, 30000, 'the queue to be drained after phase 2');
    const final = await h.scanOrders();
    const dead = await h.peekDeadLetters();
    const reasonOf = (body: string | undefined) =>
      dead.find((m) => m.Body === body)?.MessageAttributes?.failureReason?.StringValue;
    const failedItems = failingIds.map((id) => final.get(id));
    const goodFigures = fulfilmentFigures(h.processors, goodIds);
    const rerunFailed = failingIds.filter((id) => healthy.lines('order processing started', id).length > 0);
    const reasonKinds = tally(
      dead.map(
        (m) => /^[a-z]+ [a-z]+/.exec(m.MessageAttributes?.failureReason?.StringValue ?? '')?.[0] ?? '?',
      ),
    );

    console.log(
      `poison: phase 1 (FAILURE_RATE=1, ${CONCURRENCY} at once): ` +
        `${failedItems.filter((i) => i?.status === 'FAILED').length}/${BATCH} failing orders FAILED, ` +
        `attempts ${JSON.stringify(tally(failingIds.map((id) => afterPhase1.get(id)?.attempts ?? 0)))}, ` +
        `${BATCH} malformed mixed in; dead letters ${deadAfterPhase1.length}. ` +
        `Phase 2 (healthy): ${BATCH} malformed ahead of ${BATCH} good orders and ${BATCH} copies of the FAILED ones: ` +
        `good ${goodIds.filter((id) => final.get(id)?.status === 'COMPLETED').length}/${BATCH} COMPLETED, ` +
        `fulfilments ${goodFigures.fulfilments}, max per order ${goodFigures.maxPerOrder}; ` +
        `FAILED orders run again: ${rerunFailed.length}; dead letters ${dead.length} ${JSON.stringify(reasonKinds)}; ` +
        `items stored: ${final.size}; took ${Date.now() - began} ms`,
    );

    // Phase 1: each failing order tried MAX_RECEIVE_COUNT times, recorded FAILED with the reason, dead-lettered.
    expect(failedError).toBeUndefined();
    for (const id of failingIds) {
      expect(afterPhase1.get(id)).toMatchObject({
        status: 'FAILED',
        attempts: maxReceives,
        failureReason: `payment declined for order ${id} (simulated failure)`,
      });
      expect({ id, tries: failer.lines('order processing started', id).length }).toEqual({
        id,
        tries: maxReceives,
      });
      expect(reasonOf(JSON.stringify(failing.find((o) => o.orderId === id)))).toBe(
        `payment declined for order ${id} (simulated failure)`,
      );
    }
    expect(deadAfterPhase1).toHaveLength(2 * BATCH);
    // Phase 2: good orders behind the poison completed, once each, at the first attempt.
    expect(goodError).toBeUndefined();
    for (const id of goodIds) expect(final.get(id)).toMatchObject({ status: 'COMPLETED', attempts: 1 });
    expect(goodFigures.twice).toEqual({});
    expect(goodFigures.never).toEqual([]);
    // The FAILED orders stayed FAILED: their copies were acknowledged as duplicates, not run, not dead-lettered.
    expect(rerunFailed).toEqual([]);
    for (const item of failedItems) expect(item).toMatchObject({ status: 'FAILED', attempts: maxReceives });
    // Every malformed message is dead-lettered with the reason and nothing of it is stored.
    for (const body of [...malformed1, ...malformed2]) {
      expect({ body, reason: reasonOf(body) }).toEqual({
        body,
        reason: expect.stringMatching(/^malformed message: /),
      });
    }
    expect(dead).toHaveLength(3 * BATCH);
    expect(final.size).toBe(2 * BATCH);
  }, 300000);
});
