import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { MESSAGING_SETTINGS } from '@app/aws-resources';
import { orderMessageAttributes } from '@app/messaging';
import { testOrder, waitFor } from '@app/testing';
import { ProcessorHarness } from '../processor-harness';

const MAX = MESSAGING_SETTINGS.maxReceiveCount;

/**
 * A receive that runs nothing (a backstop still on hold, an order another
 * worker holds) gives the message back; it is not an attempt. An order that
 * fails every time still gets MAX_RECEIVE_COUNT attempts (claims) per run
 * before it is FAILED, and the record's `attempts` says so; a redrive starts a
 * run with a full set again, and `attempts` keeps counting the whole history.
 */
describe('fault: give-backs do not use up an order’s attempts', () => {
  let h: ProcessorHarness;

  beforeAll(async () => {
    h = await ProcessorHarness.start();
  });
  afterAll(() => h?.stop());

  const deadLetters = (count: number) =>
    waitFor(
      async () => {
        const messages = await h.peekDeadLetters();
        return messages.length >= count ? messages : undefined;
      },
      60000,
      `${count} dead letter(s)`,
    );

  it('a held backstop and a busy order: MAX_RECEIVE_COUNT attempts, then FAILED; a redrive gets as many again', async () => {
    const processor = await h.startProcessor({ FAILURE_RATE: 1, PROCESSING_TIME_MS: 50 });
    const orders = h.orderRepository();
    const order = testOrder(`give-backs-${Date.now()}`);
    // A sync request runs the order (attempt 1) and holds it for 8 s; its backstop is on hold for 2 s.
    const now = Date.now();
    expect((await orders.claim(order, 'sync', 'a-slow-receiver', 8000, new Date(now))).claimed).toBe(true);
    await h.clients.sqs.send(
      new SendMessageCommand({
        QueueUrl: h.locations.queueUrl,
        MessageBody: JSON.stringify(order),
        MessageAttributes: orderMessageAttributes(order, { holdUntil: now + 2000 }),
      }),
    );

    const failed = await h.waitForStatus(order, 'FAILED', 90000);
    expect(failed.attempts).toBe(MAX);
    expect(failed.failureReason).toMatch(/payment declined/);
    expect(processor.lines('order processing started', order.orderId)).toHaveLength(MAX - 1);
    // The receives ran out before the attempts did: the last one sent a fresh copy instead of
    // leaving the message to SQS's own redrive.
    expect(processor.lines('message requeued as a fresh copy on its last receive').length).toBeGreaterThan(0);
    const dead = await deadLetters(1);
    expect(dead).toHaveLength(1);
    expect(dead[0].MessageAttributes?.failureReason?.StringValue).toBe(failed.failureReason);
    expect(dead[0].MessageAttributes?.orderId?.StringValue).toBe(order.orderId);

    expect(await h.dlq('redrive')).toMatchObject({ moved: 1, reopened: 1 });
    const again = await waitFor(
      async () => {
        const stored = await h.readOrder(order);
        return stored?.status === 'FAILED' && stored.run === 2 ? stored : undefined;
      },
      90000,
      'the redriven order to fail again',
    );
    expect(again.attempts).toBe(2 * MAX);
    expect(processor.lines('order processing started', order.orderId)).toHaveLength(2 * MAX - 1);
    expect(await deadLetters(1)).toHaveLength(1);
  });
});
