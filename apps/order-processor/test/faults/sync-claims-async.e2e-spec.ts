import { MESSAGING_SETTINGS } from '@app/aws-resources';
import { postJson, testOrder, waitFor } from '@app/testing';
import { ProcessorHarness } from '../processor-harness';

/**
 * A sync request for an order already accepted async (same id, same body)
 * claims it between its retries. A failure there is not the order's end: its
 * message keeps the retries and, on the last, the dead-letter trail an operator
 * redrives from.
 */
describe('fault: a sync request that claims an async order', () => {
  let h: ProcessorHarness;

  beforeAll(async () => {
    h = await ProcessorHarness.start();
  });
  afterAll(() => h?.stop());

  it('keeps the order retried by its message and dead-lettered with the reason, not FAILED at once', async () => {
    const receiver = await h.startReceiver({ FAILURE_RATE: 1, PROCESSING_TIME_MS: 50 });
    const order = testOrder(`sync-claims-async-${Date.now()}`);
    expect((await postJson(`${receiver.url}/orders/async`, order, { token: h.token })).status).toBe(202);

    const sync = await postJson(`${receiver.url}/orders/sync`, order, { token: h.token });
    expect(receiver.lines('order attempt failed, will retry', order.orderId)).toHaveLength(1);
    expect(sync.status).toBe(409);
    expect(((await sync.json()) as { message: string }).message).toMatch(/still being processed/);
    expect(await h.readOrder(order)).toMatchObject({ status: 'PROCESSING', attempts: 1 });

    // The processor fails it too, until the last receive: FAILED, and its message in the dead-letter queue.
    await h.startProcessor({ FAILURE_RATE: 1, PROCESSING_TIME_MS: 50 });
    const failed = await h.waitForStatus(order, 'FAILED', 60000);
    // The sync attempt is one of the run's MAX_RECEIVE_COUNT attempts; the processor makes the others.
    expect(failed.attempts).toBe(MESSAGING_SETTINGS.maxReceiveCount);
    const dead = await waitFor(async () => {
      const messages = await h.peekDeadLetters();
      return messages.length > 0 ? messages : undefined;
    });
    expect(dead.map((m) => m.MessageAttributes?.orderId?.StringValue)).toEqual([order.orderId]);
    expect(dead[0].MessageAttributes?.failureReason?.StringValue).toMatch(/payment declined/);
  });
});
