import { FaultProxy, testOrder } from '@app/testing';
import { ProcessorHarness } from '../processor-harness';

/**
 * Fault: one worker's DynamoDB calls stall past its lease while a second worker
 * claims the order (a duplicate delivery). The lease fences the work, not only
 * the final write: the stalled worker stops its fulfilment before its lease can
 * pass to the other and writes nothing, so the run's fulfilment completes once.
 */
describe('fault: a worker that cannot renew its lease stops its work', () => {
  let h: ProcessorHarness;
  let proxy: FaultProxy;

  beforeAll(async () => {
    h = await ProcessorHarness.start();
    proxy = await h.startFaultProxy();
  });
  afterAll(() => h?.stop());

  it('fulfilments that complete per idempotency key: exactly 1', async () => {
    const order = testOrder(`fence-${Date.now()}`);
    // Lease 3 s (VISIBILITY_TIMEOUT_SECONDS), fulfilment 6 s: the first worker must renew to finish.
    const settings = { PROCESSING_TIME_MS: 6000, VISIBILITY_TIMEOUT_SECONDS: 3, PROCESSOR_CONCURRENCY: 1 };
    const stalled = await h.startProcessor({ ...settings, AWS_ENDPOINT_URL: proxy.endpoint });
    await h.publish(order);
    await stalled.waitForLines('order processing started', 1);
    // From now on every DynamoDB call of the first worker hangs (its SQS calls still pass).
    proxy.add((call) => (call.service === 'dynamodb' ? 'stall' : undefined));

    // The same order delivered again (SNS and SQS deliver at least once) to a second worker.
    const second = await h.startProcessor(settings);
    await h.send(order);
    const done = await h.waitForStatus(order, 'COMPLETED', 60000);

    const fulfilled = [stalled, second].flatMap((p) =>
      p.lines('order fulfilled', order.orderId).map((l) => String(l.idempotencyKey)),
    );
    console.log(
      `fence: fulfilled ${JSON.stringify(fulfilled)}, stalled worker: ` +
        `${stalled.lines('order lease lost, fulfilment stopped', order.orderId).length} stop(s)`,
    );
    expect(fulfilled).toEqual([`${order.customerId}:${order.orderId}:run-1`]);
    expect(second.lines('order fulfilled', order.orderId)).toHaveLength(1);
    expect(stalled.lines('order lease lost, fulfilment stopped', order.orderId)).toHaveLength(1);
    expect(done.finishedBy).not.toContain(String(stalled.pid));
  });
});
