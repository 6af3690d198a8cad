import request from 'supertest';
import { MESSAGING_SETTINGS } from '@app/aws-resources';
import { FaultProxy, ProxiedCall, testOrder, waitFor } from '@app/testing';
import { ProcessorHarness } from '../processor-harness';

/**
 * Errors that are not outages (validation, access denied) are not retried as
 * outages. The emulator cannot produce them where AWS would (moto checks
 * numbers only on PutItem, enforces no IAM), so a fault proxy between the app
 * and the emulator refuses the chosen calls.
 */
describe('fault: a dependency refuses a call (not an outage)', () => {
  let h: ProcessorHarness;
  let proxy: FaultProxy;

  beforeAll(async () => {
    h = await ProcessorHarness.start();
    proxy = await FaultProxy.start(h.moto.endpoint);
  });
  afterEach(() => proxy.clear());
  afterAll(async () => {
    await proxy?.stop();
    await h?.stop();
  });

  const about = (orderId: string) => (call: ProxiedCall) =>
    call.service === 'dynamodb' && call.body.includes(orderId);

  it('processor: an order whose write is refused ends in the dead-letter queue with the reason; others flow', async () => {
    const refused = testOrder(`refused-${Date.now()}`);
    const others = Array.from({ length: 20 }, (_, i) => testOrder(`flows-${i}-${Date.now()}`));
    proxy.add((call) =>
      about(refused.orderId)(call) && call.operation === 'UpdateItem'
        ? { status: 400, code: 'ValidationException', message: 'Number underflow' }
        : undefined,
    );
    const processor = await h.startProcessor({ AWS_ENDPOINT_URL: proxy.endpoint, PROCESSOR_CONCURRENCY: 4 });
    await h.publishAll([refused, ...others]);

    await h.waitForAllStatus(
      others.map((o) => o.orderId),
      'COMPLETED',
      60000,
    );
    const dead = await waitFor(
      async () => {
        const messages = await h.peekDeadLetters();
        return messages.length > 0 ? messages : undefined;
      },
      60000,
      'the refused order in the dead-letter queue',
    );
    expect(dead.map((m) => m.MessageAttributes?.orderId?.StringValue)).toEqual([refused.orderId]);
    expect(dead[0].MessageAttributes?.failureReason?.StringValue).toMatch(
      /DynamoDB rejected the request \(ValidationException\): Number underflow/,
    );
    // One claim per receive, a bounded number of receives: not an outage retried forever.
    const claims = proxy.calls.filter((c) => about(refused.orderId)(c) && c.operation === 'UpdateItem');
    expect(claims).toHaveLength(MESSAGING_SETTINGS.maxReceiveCount);
    expect(processor.lines('refused order sent to the dead-letter queue', refused.orderId)).toHaveLength(1);
    expect(await h.readOrder(refused.orderId)).toBeUndefined();
  });

  it('receiver: a refused write is a 500 that says it is not an outage (no Retry-After), not a 503', async () => {
    const receiver = await h.startInProcessReceiver({
      AWS_ENDPOINT_URL: proxy.endpoint,
      LOG_LEVEL: 'silent',
    });
    const order = testOrder(`denied-${Date.now()}`);
    proxy.add((call) =>
      about(order.orderId)(call) ? { status: 400, code: 'AccessDeniedException' } : undefined,
    );
    for (const mode of ['async', 'sync']) {
      const res = await request(receiver.getHttpServer()).post(`/orders/${mode}`).send(order);
      expect(res.status).toBe(500);
      expect(res.body.message).toMatch(
        /DynamoDB refused the request \(AccessDeniedException\).*not an outage/,
      );
      expect(res.headers['retry-after']).toBeUndefined();
    }
    // One call per request: the SDK did not retry it, nor did the receiver.
    expect(proxy.calls.filter(about(order.orderId))).toHaveLength(2);
  });
});
