import { MESSAGING_SETTINGS } from '@app/aws-resources';
import { AppProcess, FaultProxy, postJson, ProxiedCall, testOrder, waitFor } from '@app/testing';
import { ProcessorHarness } from '../processor-harness';

const REFUSAL = /DynamoDB rejected the request \(ValidationException\): Number underflow/;

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
    proxy = await h.startFaultProxy();
  });
  afterEach(() => proxy.clear());
  afterAll(() => h?.stop());

  const about = (orderId: string) => (call: ProxiedCall) =>
    call.service === 'dynamodb' && call.body.includes(orderId);
  /** The order's writes that move it to one of `statuses` (its final writes), refused as invalid. */
  const refuseWritesTo = (orderId: string, statuses: readonly string[]) =>
    proxy.add((call) =>
      about(orderId)(call) &&
      call.operation === 'UpdateItem' &&
      statuses.some((status) => call.body.includes(`"${status}"`))
        ? { status: 400, code: 'ValidationException', message: 'Number underflow' }
        : undefined,
    );
  /** A processor of its own: the ones earlier tests started are stopped first, so its logs tell all. */
  const onlyProcessor = async (overrides: Record<string, string | number> = {}): Promise<AppProcess> => {
    for (const earlier of h.processors) {
      earlier.kill('SIGTERM');
      await earlier.exited;
    }
    return h.startProcessor({ AWS_ENDPOINT_URL: proxy.endpoint, ...overrides });
  };
  const deadLettersOf = (orderId: string) =>
    waitFor(
      async () => {
        const messages = (await h.peekDeadLetters()).filter(
          (m) => m.MessageAttributes?.orderId?.StringValue === orderId,
        );
        return messages.length > 0 ? messages : undefined;
      },
      60000,
      `the dead letter of ${orderId}`,
    );

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
    expect(await h.readOrder(refused)).toBeUndefined();
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
      const res = await h.http(receiver).post(`/orders/${mode}`).send(order);
      expect(res.status).toBe(500);
      expect(res.body.message).toMatch(
        /DynamoDB refused the request \(AccessDeniedException\).*not an outage/,
      );
      expect(res.headers['retry-after']).toBeUndefined();
    }
    // One call per request: the SDK did not retry it, nor did the receiver.
    expect(proxy.calls.filter(about(order.orderId))).toHaveLength(2);
  });

  it('processor: a write refused after the claim releases the lease at once; the last attempt ends FAILED with the reason', async () => {
    const order = testOrder(`refused-complete-${Date.now()}`);
    refuseWritesTo(order.orderId, ['COMPLETED']);
    const processor = await onlyProcessor();
    await h.send(order);

    const failed = await h.waitForStatus(order, 'FAILED', 60000);
    expect(failed.failureReason).toMatch(REFUSAL);
    expect(failed.leaseOwner).toBeUndefined();
    expect(failed.attempts).toBe(MESSAGING_SETTINGS.maxReceiveCount);
    // Each refusal gave the order back at once: every receive claimed it, none found it busy.
    expect(processor.lines('order processing started', order.orderId)).toHaveLength(
      MESSAGING_SETTINGS.maxReceiveCount,
    );
    const dead = await deadLettersOf(order.orderId);
    expect(dead).toHaveLength(1);
    expect(dead[0].MessageAttributes?.failureReason?.StringValue).toBe(failed.failureReason);
  });

  it('processor: when the fail write is refused too, the lease is released instead, logged, and the message dead-lettered', async () => {
    const order = testOrder(`refused-fail-${Date.now()}`);
    refuseWritesTo(order.orderId, ['COMPLETED', 'FAILED']);
    const processor = await onlyProcessor();
    await h.send(order);

    const dead = await deadLettersOf(order.orderId);
    expect(dead).toHaveLength(1);
    expect(dead[0].MessageAttributes?.failureReason?.StringValue).toMatch(REFUSAL);
    expect(processor.lines('order fail write refused; lease released instead', order.orderId)).toHaveLength(
      1,
    );
    const stored = await h.readOrder(order);
    expect(stored).toMatchObject({ status: 'PROCESSING', attempts: MESSAGING_SETTINGS.maxReceiveCount });
    expect(stored?.lastError).toMatch(REFUSAL);
    expect(stored?.leaseOwner).toBeUndefined();
  });

  it('sync: a write refused after the claim ends the order FAILED with the reason, its lease released', async () => {
    const order = testOrder(`refused-sync-${Date.now()}`);
    refuseWritesTo(order.orderId, ['COMPLETED']);
    const receiver = await h.startReceiver({ AWS_ENDPOINT_URL: proxy.endpoint, PROCESSING_TIME_MS: 50 });

    const res = await postJson(`${receiver.url}/orders/sync`, order, { token: h.token });
    const body = (await res.json()) as { status: string; failureReason?: string };
    expect({ status: res.status, order: body.status }).toEqual({ status: 200, order: 'FAILED' });
    expect(body.failureReason).toMatch(REFUSAL);
    const stored = await h.readOrder(order);
    expect(stored).toMatchObject({ status: 'FAILED', attempts: 1 });
    expect(stored?.failureReason).toMatch(REFUSAL);
    expect(stored?.leaseOwner).toBeUndefined();
  });
});
