import { INestApplication } from '@nestjs/common';
import { AppProcess, httpGet, orderStatusPath, testOrder, waitFor } from '@app/testing';
import { ProcessorHarness } from './processor-harness';

/** The happy path through the real receiver, duplicates, malformed messages and /metrics. */
describe('order-processor: async orders', () => {
  let h: ProcessorHarness;
  let receiver: INestApplication;
  let processor: AppProcess;

  beforeAll(async () => {
    h = await ProcessorHarness.start();
    receiver = await h.startInProcessReceiver({ LOG_LEVEL: 'silent' });
    processor = await h.startProcessor({ PROCESSING_TIME_MS: 100 });
  });

  afterAll(async () => {
    await h?.stop();
  });

  it('completes an order accepted by POST /orders/async', async () => {
    const order = testOrder();
    await h.http(receiver).post('/orders/async').send(order).expect(202);

    const stored = await h.waitForStatus(order, 'COMPLETED');
    expect(stored).toMatchObject({ status: 'COMPLETED', attempts: 1, totalAmount: 19 });
    expect(stored.leaseOwner).toBeUndefined();
    expect(stored.expiresAt).toBeUndefined();
    const res = await h.http(receiver).get(orderStatusPath(order)).expect(200);
    expect(res.body).toMatchObject({ orderId: order.orderId, status: 'COMPLETED' });
    expect(processor.lines('order fulfilled', order.orderId)).toHaveLength(1);
  });

  it('fulfils an order delivered twice only once', async () => {
    const order = testOrder();
    // Four deliveries at once on four slots: they race for the claim.
    await Promise.all([h.publish(order), h.publish(order), h.send(order), h.send(order)]);

    await h.waitForStatus(order, 'COMPLETED');
    // All four deliveries handled: one fulfilment, three acknowledged duplicates (some busy first).
    await waitFor(
      async () =>
        processor.lines('duplicate delivery acknowledged', order.orderId).length === 3 ? true : undefined,
      20000,
      'the three duplicates to be acknowledged',
    );
    expect(processor.lines('order fulfilled', order.orderId)).toHaveLength(1);
    expect(await h.readOrder(order)).toMatchObject({ status: 'COMPLETED', attempts: 1 });
    expect(await h.peekQueue()).toHaveLength(0);
  });

  it('dead-letters malformed messages with a reason and keeps processing good ones', async () => {
    const { items } = testOrder();
    const bad = [
      '{not json',
      JSON.stringify({ customerId: 'c-1', items }),
      JSON.stringify({ orderId: 'x-1', items: [] }),
    ];
    for (const body of bad) await h.send(body);
    const good = testOrder();
    await h.send(good);

    await h.waitForStatus(good, 'COMPLETED');
    const dead = await waitFor(async () => {
      const messages = await h.peekDeadLetters();
      return messages.length >= bad.length ? messages : undefined;
    });
    expect(dead.map((m) => m.Body).sort()).toEqual([...bad].sort());
    const reasons = Object.fromEntries(
      dead.map((m) => [m.Body, m.MessageAttributes?.failureReason?.StringValue]),
    );
    expect(reasons[bad[0]]).toMatch(/malformed message: body is not valid JSON/);
    expect(reasons[bad[1]]).toMatch(/orderId is required/);
    expect(reasons[bad[2]]).toMatch(/items must contain at least 1 elements/);
    expect(await h.readOrder({ customerId: 'c-1', orderId: 'x-1' })).toBeUndefined();
    expect(await h.peekQueue()).toHaveLength(0);
  });

  it('exposes orders processed and failed, in flight, latency and receive errors on /metrics', async () => {
    const { status, text } = await httpGet(`${processor.url}/metrics`);
    expect(status).toBe(200);
    const value = (pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? NaN);
    // Earlier tests in this file completed 3 orders and dead-lettered 3 malformed messages.
    expect(value(/^orders_total\{outcome="completed",channel="async"\} (\d+)/m)).toBe(3);
    expect(value(/^orders_total\{outcome="dead_lettered",channel="async"\} (\d+)/m)).toBe(3);
    expect(value(/^orders_total\{outcome="duplicate",channel="async"\} (\d+)/m)).toBe(3);
    expect(text).toMatch(/^# TYPE orders_total counter/m);
    expect(value(/^orders_in_flight (\d+)/m)).toBe(0);
    expect(value(/^order_processing_duration_seconds_count\{outcome="completed"\} (\d+)/m)).toBe(3);
    expect(text).toMatch(/^order_processing_duration_seconds_bucket\{le="0\.5",outcome="completed"\} \d+/m);
    expect(value(/^sqs_receive_errors_total (\d+)/m)).toBe(0);
  });
});
