import { PurgeQueueCommand } from '@aws-sdk/client-sqs';
import { AppProcess, httpGet, postJson, testOrder, waitFor } from '@app/testing';
import { MESSAGING_SETTINGS } from '@app/aws-resources';
import { ProcessorHarness } from './processor-harness';

/** A failing order ends FAILED in the dead-letter queue; the dlq command shows it and redrives it to completion. */
describe('order-processor: dead-letter queue and the dlq command', () => {
  let h: ProcessorHarness;
  let processor: AppProcess | undefined;
  const order = testOrder();
  const malformed = '{"orderId":"m-1","items":"not a list"}';

  const dlq = (command: 'show' | 'redrive') => h.dlq(command);
  const startProcessor = (failureRate: number) =>
    h.startProcessor({ FAILURE_RATE: failureRate, PROCESSING_TIME_MS: 50 });

  beforeAll(async () => {
    h = await ProcessorHarness.start();
  });

  afterAll(async () => {
    await h?.stop();
  });

  it('records an order that fails every attempt as FAILED and dead-letters it with the reason', async () => {
    processor = await startProcessor(1);
    await h.publish(order);
    await h.send(malformed);

    const failed = await h.waitForStatus(order, 'FAILED', 60000);
    expect(failed.attempts).toBe(MESSAGING_SETTINGS.maxReceiveCount);
    expect(failed.failureReason).toMatch(/payment declined .*simulated failure/);
    expect(failed.leaseOwner).toBeUndefined();
    expect(processor.lines('order processing started', order.orderId)).toHaveLength(
      MESSAGING_SETTINGS.maxReceiveCount,
    );

    const dead = await waitFor(async () => {
      const messages = await h.peekDeadLetters();
      return messages.length === 2 ? messages : undefined;
    });
    const deadOrder = dead.find((m) => m.Body === JSON.stringify(order));
    expect(deadOrder?.MessageAttributes?.failureReason?.StringValue).toBe(failed.failureReason);
    expect(deadOrder?.MessageAttributes?.orderId?.StringValue).toBe(order.orderId);
    expect(await h.peekQueue()).toHaveLength(0);

    const metrics = (await httpGet(`${processor.url}/metrics`)).text;
    expect(metrics).toMatch(/^orders_total\{outcome="failed",channel="async"\} 1$/m);
    expect(metrics).toMatch(/^orders_total\{outcome="retried",channel="async"\} 4$/m);
  });

  it('dlq show lists the dead letters without consuming them', async () => {
    const entries = (await dlq('show')) as { orderId?: string; failureReason: string; bodyExcerpt: string }[];
    expect(entries).toHaveLength(2);
    expect(entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          orderId: order.orderId,
          failureReason: expect.stringMatching(/payment declined/),
        }),
        expect.objectContaining({
          bodyExcerpt: malformed,
          failureReason: expect.stringMatching(/^malformed message/),
        }),
      ]),
    );
    // Still there: listing twice gives the same messages.
    expect(await dlq('show')).toHaveLength(2);
    expect(await h.peekDeadLetters()).toHaveLength(2);
  });

  it('dlq redrive moves the messages back and a healthy processor completes the FAILED order', async () => {
    processor!.kill('SIGTERM');
    expect(await processor!.exited).toEqual({ code: 0, signal: null });
    processor = await startProcessor(0);

    expect(await dlq('redrive')).toMatchObject({ moved: 2, reopened: 1, failed: 0 });

    const completed = await h.waitForStatus(order, 'COMPLETED');
    expect(completed.attempts).toBe(MESSAGING_SETTINGS.maxReceiveCount + 1);
    expect(completed.failureReason).toBeUndefined();
    expect(completed.redrivenAt).toEqual(expect.any(String));
    expect(processor.lines('order fulfilled', order.orderId)).toHaveLength(1);
    // A redrive starts a new run: a downstream must not take it for a repeat of the failed one.
    expect(completed.run).toBe(2);
    expect(processor.lines('order fulfilled', order.orderId)[0].idempotencyKey).toBe(
      `${order.customerId}:${order.orderId}:run-2`,
    );
    // The malformed message is dead-lettered again, and only it.
    const dead = await waitFor(async () => {
      const messages = await h.peekDeadLetters();
      return messages.length === 1 ? messages : undefined;
    });
    expect(dead[0].Body).toBe(malformed);
    expect(await h.readOrder({ customerId: 'c-1', orderId: 'm-1' })).toBeUndefined();
  });

  it('a second redrive does not reopen a COMPLETED order', async () => {
    await h.send(order, h.locations.deadLetterQueueUrl);
    expect(await dlq('redrive')).toMatchObject({ moved: 2, reopened: 0 });
    await waitFor(async () =>
      processor!.lines('duplicate delivery acknowledged', order.orderId).length === 1 ? true : undefined,
    );
    expect(await h.readOrder(order)).toMatchObject({ status: 'COMPLETED' });
    expect(processor!.lines('order fulfilled', order.orderId)).toHaveLength(1);
  });

  it('a redrive reopens only the order its message holds, not the order of a conflicting message', async () => {
    processor!.kill('SIGTERM');
    await processor!.exited;
    processor = await startProcessor(1);
    const victim = testOrder();
    await h.publish(victim);
    await h.waitForStatus(victim, 'FAILED', 60000);
    processor.kill('SIGTERM');
    await processor.exited;
    await h.clients.sqs.send(new PurgeQueueCommand({ QueueUrl: h.locations.deadLetterQueueUrl }));
    // Same customer and id, another body: redriving it must not reopen the victim's FAILED order.
    await h.send(
      { ...victim, items: [{ productId: 'sku-other', quantity: 1, price: 1 }] },
      h.locations.deadLetterQueueUrl,
    );

    expect(await dlq('redrive')).toMatchObject({ moved: 1, reopened: 0 });
    expect(await h.readOrder(victim)).toMatchObject({ status: 'FAILED', run: 1 });
  });
});

/**
 * A sync order that ends FAILED in the receiver has no message of its own in the
 * queue: its backstop carries it to the dead-letter queue, so that the one
 * redrive path serves every FAILED order, whichever endpoint took it.
 */
describe('order-processor: a sync order that ended FAILED', () => {
  let h: ProcessorHarness;

  beforeAll(async () => {
    h = await ProcessorHarness.start();
  });
  afterAll(() => h?.stop());

  it('is dead-lettered by its backstop with the reason, and dlq redrive runs it again', async () => {
    const receiver = await h.startReceiver({ FAILURE_RATE: 1, PROCESSING_TIME_MS: 50 });
    const processor = await h.startProcessor({ PROCESSING_TIME_MS: 50 });
    const order = testOrder();

    const res = await postJson(`${receiver.url}/orders/sync`, order, { token: h.token });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ orderId: order.orderId, status: 'FAILED' });
    const failed = await h.readOrder(order);
    expect(failed?.failureReason).toMatch(/payment declined/);

    // The backstop comes due once the receiver's lease would have ended (10 s and more).
    const dead = await waitFor(
      async () => {
        const messages = await h.peekDeadLetters();
        return messages.length > 0 ? messages : undefined;
      },
      60000,
      'the sync order in the dead-letter queue',
    );
    expect(dead).toHaveLength(1);
    expect(dead[0].MessageAttributes?.orderId?.StringValue).toBe(order.orderId);
    expect(dead[0].MessageAttributes?.failureReason?.StringValue).toBe(failed?.failureReason);
    expect(processor.lines('failed sync order sent to the dead-letter queue', order.orderId)).toHaveLength(1);
    expect(await h.readOrder(order)).toMatchObject({ status: 'FAILED', run: 1 });

    expect(await h.dlq('redrive')).toMatchObject({ moved: 1, reopened: 1, failed: 0 });
    const completed = await h.waitForStatus(order, 'COMPLETED', 60000);
    expect(completed.run).toBe(2);
    expect(processor.lines('order fulfilled', order.orderId)).toEqual([
      expect.objectContaining({ idempotencyKey: `${order.customerId}:${order.orderId}:run-2` }),
    ]);
    await waitFor(() => h.queueIsEmpty(), 30000, 'the queue to be empty');
    expect(await h.peekDeadLetters()).toEqual([]);
  });
});
