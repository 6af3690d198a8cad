import { FaultProxy, httpGet, ProxiedCall, testOrder, waitFor } from '@app/testing';
import { fulfilmentCounts, ProcessorHarness } from '../processor-harness';

/** Deletes refused before SQS allows them again: each one on a receive of its own. */
const REFUSALS = 2;
const REFUSED = 'SQS call refused: a deployment fault (e.g. a missing IAM permission), not an outage';
const RECEIVE_REFUSED =
  'SQS receive refused: a deployment fault (e.g. a missing IAM permission or a wrong queue URL), not an outage; backing off';

/**
 * A call SQS refuses (here DeleteMessageBatch answered AccessDenied, as a task
 * role without sqs:DeleteMessage would get) is a fault of the deployment, not
 * an outage: the processor says so in one error line naming the operation and
 * the queue, does not crash or retry it in a loop, and loses no order. moto
 * enforces no IAM, so a fault proxy between the processor and the emulator
 * refuses the calls.
 */
describe('fault: SQS refuses a processor call (a missing permission)', () => {
  let h: ProcessorHarness;
  let proxy: FaultProxy;

  beforeAll(async () => {
    h = await ProcessorHarness.start();
    proxy = await h.startFaultProxy();
  });
  afterAll(() => h?.stop());

  const isDelete = (call: ProxiedCall) => call.service === 'sqs' && call.operation === 'DeleteMessageBatch';

  it('a refused DeleteMessageBatch is logged naming the operation and queue; the message is deleted once allowed', async () => {
    let refused = 0;
    proxy.add((call) => {
      if (!isDelete(call) || refused >= REFUSALS) return undefined;
      refused++;
      return {
        status: 403,
        code: 'AccessDenied',
        message:
          'User: arn:aws:sts::000000000000:assumed-role/processor is not authorized to perform: sqs:DeleteMessage',
      };
    });
    const processor = await h.startProcessor({ AWS_ENDPOINT_URL: proxy.endpoint });
    const order = testOrder(`refused-delete-${Date.now()}`);
    await h.send(order);

    await h.waitForStatus(order, 'COMPLETED');
    // Each refusal leaves the message to show again after its visibility timeout; the third delete passes.
    await waitFor(() => h.queueIsEmpty(), 60000, 'the message deleted once SQS allows it');

    const lines = processor.lines(REFUSED);
    expect(lines).toHaveLength(REFUSALS);
    for (const line of lines) {
      expect(line).toMatchObject({
        level: 50,
        operation: 'DeleteMessageBatch',
        queue: h.locations.queueUrl,
        code: 'AccessDenied',
      });
    }
    // Not retried in a loop: one delete per receive, the later receives finding the order done.
    expect(proxy.calls.filter(isDelete)).toHaveLength(REFUSALS + 1);
    expect(processor.lines('duplicate delivery acknowledged', order.orderId)).toHaveLength(REFUSALS);
    expect(fulfilmentCounts([processor]).get(order.orderId)).toBe(1);
    expect(await h.peekDeadLetters()).toEqual([]);
    expect((await httpGet(`${processor.url}/health/live`)).status).toBe(200);
    processor.kill('SIGTERM');
    await processor.exited;
  });

  it('a refused ReceiveMessage is logged as a deployment fault, not as an outage; receiving resumes once allowed', async () => {
    proxy.clear();
    const isReceive = (call: ProxiedCall) => call.service === 'sqs' && call.operation === 'ReceiveMessage';
    const allow = proxy.add((call) =>
      isReceive(call)
        ? {
            status: 403,
            code: 'AccessDenied',
            message:
              'User: arn:aws:sts::000000000000:assumed-role/processor is not authorized to perform: sqs:ReceiveMessage',
          }
        : undefined,
    );
    const processor = await h.startProcessor({ AWS_ENDPOINT_URL: proxy.endpoint });
    await processor.waitForLines(RECEIVE_REFUSED, 1);
    expect(processor.lines(RECEIVE_REFUSED)[0]).toMatchObject({
      level: 50,
      queue: h.locations.queueUrl,
      code: 'AccessDenied',
    });
    expect(processor.lines('SQS receive failed, backing off')).toEqual([]);

    allow();
    const order = testOrder(`refused-receive-${Date.now()}`);
    await h.send(order);
    await h.waitForStatus(order, 'COMPLETED');
    expect(fulfilmentCounts([processor]).get(order.orderId)).toBe(1);
  });
});
