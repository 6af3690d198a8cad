import { FaultProxy, testOrder, waitFor } from '@app/testing';
import { ProcessorHarness } from '../processor-harness';

/** How long SQS answers every call with a server error, from the moment the order is recorded FAILED. */
const OUTAGE_MS = 8000;

/**
 * An SQS outage just as the processor acts on a message (here: the copy of a
 * FAILED order to the dead-letter queue, on its last attempt) is ridden out as
 * a DynamoDB outage is: the action is retried with backoff while the message
 * stays hidden, and goes out once SQS is back. Without that, the message would
 * show again after its visibility timeout, one receive too many, and SQS would
 * move it to the dead-letter queue itself, without a reason.
 */
describe('fault: SQS fails while the processor acts on a message', () => {
  let h: ProcessorHarness;
  let proxy: FaultProxy;

  beforeAll(async () => {
    h = await ProcessorHarness.start();
    proxy = await h.startFaultProxy();
  });
  afterAll(() => h?.stop());

  it('the dead-letter copy of a FAILED order goes out with its reason once SQS is back', async () => {
    const order = testOrder(`sqs-outage-${Date.now()}`);
    let outageUntil = 0;
    let refusedDeadLetters = 0;
    proxy.add((call) => {
      const recordsFailed =
        call.service === 'dynamodb' &&
        call.operation === 'UpdateItem' &&
        call.body.includes(order.orderId) &&
        call.body.includes('"FAILED"');
      if (recordsFailed) {
        outageUntil = Date.now() + OUTAGE_MS;
        return undefined;
      }
      if (call.service !== 'sqs' || Date.now() >= outageUntil) return undefined;
      if (call.operation === 'SendMessage' && call.body.includes(h.locations.deadLetterQueueUrl)) {
        refusedDeadLetters++;
      }
      return { status: 500, code: 'InternalError', message: 'We encountered an internal error' };
    });
    // The visibility timeout outlasts the outage: the message stays hidden while the copy is retried.
    await h.startProcessor({
      AWS_ENDPOINT_URL: proxy.endpoint,
      FAILURE_RATE: 1,
      PROCESSING_TIME_MS: 50,
      VISIBILITY_TIMEOUT_SECONDS: 30,
    });
    await h.send(order);

    const failed = await h.waitForStatus(order, 'FAILED', 60000);
    const dead = await waitFor(
      async () => {
        const messages = await h.peekDeadLetters();
        return messages.length > 0 ? messages : undefined;
      },
      60000,
      'the FAILED order in the dead-letter queue',
    );
    expect(refusedDeadLetters).toBeGreaterThan(0);
    expect(dead).toHaveLength(1);
    expect(dead[0].MessageAttributes?.failureReason?.StringValue).toBe(failed.failureReason);
    expect(dead[0].MessageAttributes?.orderId?.StringValue).toBe(order.orderId);
    await waitFor(() => h.queueIsEmpty(), 30000, 'the original deleted from the queue');
    expect(await h.peekDeadLetters()).toHaveLength(1);
  });
});
