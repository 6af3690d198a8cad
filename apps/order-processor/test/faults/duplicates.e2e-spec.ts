import { AppProcess, postJson, testOrder, waitFor } from '@app/testing';
import { fulfilmentFigures, ProcessorHarness, tally } from '../processor-harness';

const ORDERS = 10;
const PUBLISHES = 20;
const SYNC_POSTS = 3;
const ASYNC_POSTS = 3;
const PROCESSING_TIME_MS = 500;

/**
 * Fault: the same order arrives many times at once: PUBLISHES copies straight
 * to the topic (as a publish retried by SNS clients would), plus SYNC_POSTS
 * sync and ASYNC_POSTS async requests to the receiver, all concurrently, for
 * several orders. Half the orders get every copy at once (the receiver and the
 * processor race for the claim); for the other half the processor is already
 * fulfilling the order when the requests and the other copies arrive. Each
 * order is stored once and fulfilled once, counted over the receiver (the sync
 * endpoint fulfils inline) and the processor.
 */
describe('fault: duplicates (one order published many times and sent to both endpoints at once)', () => {
  let h: ProcessorHarness;
  let receiver: AppProcess | undefined;
  let processor: AppProcess | undefined;

  beforeAll(async () => {
    h = await ProcessorHarness.start();
    receiver = await h.startReceiver({ LOG_LEVEL: 'info', PROCESSING_TIME_MS });
    processor = await h.startProcessor({ PROCESSOR_CONCURRENCY: 20, PROCESSING_TIME_MS });
  });

  afterAll(async () => {
    await h?.stop();
  });

  const post = async (path: string, body: object) => {
    const res = await postJson(`${receiver!.url}${path}`, body, {
      signal: AbortSignal.timeout(60000),
      token: h.token,
    });
    return { status: res.status, body: (await res.json()) as { status?: string } };
  };

  it(`stores and fulfils each order once across ${PUBLISHES} publishes, sync and async requests at once`, async () => {
    const began = Date.now();
    const orders = Array.from({ length: ORDERS }, (_, i) => testOrder(`dup-${i}-${began}`));
    const orderIds = orders.map((o) => o.orderId);
    const syncAnswers: { status: number; body: { status?: string } }[] = [];
    const asyncAnswers: { status: number }[] = [];

    const burst = (order: object, publishes: number) =>
      Promise.all([
        ...Array.from({ length: publishes }, () => h.publish(order)),
        ...Array.from({ length: SYNC_POSTS }, () =>
          post('/orders/sync', order).then((a) => syncAnswers.push(a)),
        ),
        ...Array.from({ length: ASYNC_POSTS }, () =>
          post('/orders/async', order).then((a) => asyncAnswers.push(a)),
        ),
      ]);
    await Promise.all(
      orders.map(async (order, i) => {
        // Even orders: every copy at once, so the receiver and the processor race for the claim.
        if (i % 2 === 0) return burst(order, PUBLISHES);
        // Odd orders: the processor is mid-fulfilment when the requests and the other copies arrive.
        await Promise.all(Array.from({ length: PUBLISHES / 2 }, () => h.publish(order)));
        await waitFor(
          async () =>
            processor!.lines('order processing started', order.orderId).length > 0 ? true : undefined,
          120000,
          `the processor to start ${order.orderId}`,
        );
        return burst(order, PUBLISHES / 2);
      }),
    );
    // Every delivery handled: nothing left in the queue, visible or in flight.
    await waitFor(() => h.queueIsEmpty(), 60000, 'the queue to be empty');

    const items = await h.scanOrders();
    const figures = fulfilmentFigures([receiver!, processor!], orderIds);
    const byReceiver = receiver!.lines('order fulfilled').length;
    const duplicatesAcked = processor!.lines('duplicate delivery acknowledged').length;
    console.log(
      `duplicates: ${ORDERS} orders × (${PUBLISHES} publishes + ${SYNC_POSTS} sync + ${ASYNC_POSTS} async at once); ` +
        `items stored: ${items.size}, COMPLETED: ${[...items.values()].filter((i) => i.status === 'COMPLETED').length}, ` +
        `attempts: ${JSON.stringify(tally([...items.values()].map((i) => i.attempts)))}; ` +
        `fulfilments: ${figures.fulfilments} (receiver ${byReceiver}, processor ${figures.fulfilments - byReceiver}), ` +
        `max per order: ${figures.maxPerOrder}; duplicate deliveries acknowledged: ${duplicatesAcked}; ` +
        `sync answers ${JSON.stringify(tally(syncAnswers.map((a) => `${a.status} ${a.body.status}`)))}, ` +
        `async answers ${JSON.stringify(tally(asyncAnswers.map((a) => a.status)))}`,
    );

    // What is promised: one item per order, COMPLETED, fulfilled once. Not how many attempts it took:
    // on a busy machine a claim may time out and be retried, and that must still fulfil once.
    expect(items.size).toBe(ORDERS);
    for (const id of orderIds) expect(items.get(id)).toMatchObject({ orderId: id, status: 'COMPLETED' });
    expect(figures.twice).toEqual({});
    expect(figures.never).toEqual([]);
    expect(figures.fulfilments).toBe(ORDERS);
    // Every answer is the order's result or a clear "not now" (503 outage, 409 still in progress): never
    // a wrong state, never a 5xx other than 503.
    expect(syncAnswers).toHaveLength(ORDERS * SYNC_POSTS);
    for (const a of syncAnswers) {
      if (a.status === 200) expect(a.body).toMatchObject({ status: 'COMPLETED' });
      else expect([409, 503]).toContain(a.status);
    }
    expect(syncAnswers.filter((a) => a.status === 200).length).toBeGreaterThan(0);
    for (const a of asyncAnswers) expect([202, 503]).toContain(a.status);
    expect(asyncAnswers.filter((a) => a.status === 202).length).toBeGreaterThan(0);
    // The processor saw the copies and ran none of them: all but the one it may have run itself.
    expect(duplicatesAcked).toBeGreaterThanOrEqual(ORDERS * (PUBLISHES - 1));
  }, 300000);
});
