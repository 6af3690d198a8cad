import { AppProcess, FaultProxy, ProxiedCall, testOrder } from '@app/testing';
import { fulfilmentCounts, ProcessorHarness, waitForFulfilments } from './processor-harness';

const CONCURRENCY = 20;
const FAST = 38;
const SLOW = 2;

/**
 * The consumption model: PROCESSOR_CONCURRENCY slots fed by ceil(C / 10)
 * consumers. Two slow orders are held (their claim fails as an outage would, so
 * each holds its slot) until every fast order is fulfilled: were a slow order
 * to idle other slots (a receive batch waiting for its slowest message), the
 * fast ones behind it would wait for the gate, and the gate for them. Judged
 * from events (the processor's own logs, the calls a fault proxy saw), not time.
 */
describe('order-processor: consumption (slots, batched deletes, no head-of-line blocking)', () => {
  let h: ProcessorHarness;
  let proxy: FaultProxy;
  let processor: AppProcess;
  const slow = Array.from({ length: SLOW }, (_, i) => testOrder(`slow-${i}-${Date.now()}`));
  const fast = Array.from({ length: FAST }, (_, i) => testOrder(`fast-${i}-${Date.now()}`));
  let gateOpen = false;

  beforeAll(async () => {
    h = await ProcessorHarness.start();
    proxy = await h.startFaultProxy();
    const isSlowClaim = (call: ProxiedCall) =>
      call.service === 'dynamodb' &&
      call.operation === 'UpdateItem' &&
      slow.some((o) => call.body.includes(o.orderId));
    proxy.add((call) =>
      !gateOpen && isSlowClaim(call) ? { status: 500, code: 'InternalServerError' } : undefined,
    );
    processor = await h.startProcessor({
      AWS_ENDPOINT_URL: proxy.endpoint,
      PROCESSOR_CONCURRENCY: CONCURRENCY,
      PROCESSING_TIME_MS: 200,
      VISIBILITY_TIMEOUT_SECONDS: 10,
      LOG_LEVEL: 'debug',
    });
    await processor.waitForLines('order consumers started', 1);
  });

  afterAll(() => h?.stop());

  it('fulfils every fast order while the slow ones hold their slots, then the slow ones', async () => {
    // The slow ones first, so they are in the first receive.
    await h.sendAll([...slow, ...fast]);
    await waitForFulfilments(
      [processor],
      fast.map((o) => o.orderId),
      90000,
    );
    const fulfilledWhileHeld = fulfilmentCounts([processor]);
    gateOpen = true;
    await h.waitForAllStatus(
      [...slow, ...fast].map((o) => o.orderId),
      'COMPLETED',
      90000,
    );
    await waitForFulfilments(
      [processor],
      slow.map((o) => o.orderId),
      30000,
    );

    for (const o of slow) expect(fulfilledWhileHeld.has(o.orderId)).toBe(false);
    // The slow ones were held in their slots, not waiting in the queue: each claim was tried.
    for (const o of slow) {
      expect(
        proxy.calls.filter((c) => c.operation === 'UpdateItem' && c.body.includes(o.orderId)).length,
      ).toBeGreaterThan(1);
    }
    const counts = fulfilmentCounts([processor]);
    for (const o of [...slow, ...fast]) expect(counts.get(o.orderId)).toBe(1);
  });

  it('never had more than PROCESSOR_CONCURRENCY orders in flight, nor received more messages than it asked for', () => {
    const receives = processor.lines('messages received');
    expect(receives.length).toBeGreaterThan(0);
    const received = receives.reduce((sum, l) => sum + Number(l.count), 0);
    console.log(
      `consumption: ${receives.length} receives brought ${received} messages; ` +
        `peak busy slots ${Math.max(...receives.map((l) => Number(l.busy)))} of ${CONCURRENCY}`,
    );
    for (const l of receives) {
      expect(Number(l.count)).toBeLessThanOrEqual(Number(l.asked));
      expect(Number(l.busy)).toBeLessThanOrEqual(CONCURRENCY);
    }
    // ceil(20 / 10) consumers: at most 2 long polls at once, each asking for at most 10.
    expect(new Set(receives.map((l) => l.consumer)).size).toBeLessThanOrEqual(2);
    for (const call of proxy.calls.filter((c) => c.operation === 'ReceiveMessage')) {
      expect(
        (JSON.parse(call.body) as { MaxNumberOfMessages: number }).MaxNumberOfMessages,
      ).toBeLessThanOrEqual(10);
    }
  });

  it('deleted the messages in DeleteMessageBatch calls, never one by one', () => {
    const calls = proxy.calls.filter((c) => c.service === 'sqs');
    const batches = calls.filter((c) => c.operation === 'DeleteMessageBatch');
    const deleted = batches.reduce(
      (sum, c) => sum + (JSON.parse(c.body) as { Entries: unknown[] }).Entries.length,
      0,
    );
    console.log(`consumption: ${deleted} deletes in ${batches.length} DeleteMessageBatch calls`);
    expect(calls.filter((c) => c.operation === 'DeleteMessage')).toEqual([]);
    expect(calls.filter((c) => c.operation === 'ChangeMessageVisibility')).toEqual([]);
    expect(deleted).toBeGreaterThanOrEqual(SLOW + FAST);
    expect(batches.length).toBeLessThan(deleted);
  });
});
