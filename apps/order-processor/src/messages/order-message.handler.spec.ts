import type { Message } from '@aws-sdk/client-sqs';
import { ProcessorConfig } from '@app/config';
import { DependencyUnavailableError, OrderStatus } from '@app/domain';
import { orderMessageAttributes } from '@app/messaging';
import { OrderProcessingService, ProcessOptions, ProcessOutcome } from '@app/processing';
import type { OrderRecord } from '@app/storage';
import { OrderMessageHandler } from './order-message.handler';
import { SqsMessageActions } from './sqs-message.actions';

const order = { orderId: 'o-1', customerId: 'c-1', items: [{ productId: 'p', quantity: 1, price: 1 }] };
const record = { ...order, status: OrderStatus.FAILED, attempts: 3 } as unknown as OrderRecord;
const message = (receiveCount = 1, body = JSON.stringify(order)): Message => ({
  MessageId: 'm-1',
  ReceiptHandle: 'r-1',
  Body: body,
  Attributes: { ApproximateReceiveCount: String(receiveCount) },
  MessageAttributes: orderMessageAttributes(order),
});
/** A message as published before orders were keyed by customer: no orderKey attribute. */
const legacyMessage = (holdUntil?: number): Message => ({
  ...message(1),
  MessageAttributes:
    holdUntil === undefined ? {} : { holdUntil: { DataType: 'Number', StringValue: String(holdUntil) } },
});

/** A message dead-lettered without running its order: copied while its slot is held, then deleted. */
const DEAD_LETTERED_UNRUN = ['hold', 'dead-letter', 'release', 'slot freed', 'delete', 'release'];

/**
 * The order in which a message is settled: the action on SQS (dead-letter, delay, requeue)
 * while its slot is still held, then the slot freed (`processed`), then the delete.
 */
describe(OrderMessageHandler.name, () => {
  let steps: string[];
  let outcome: ProcessOutcome;
  let sut: OrderMessageHandler;
  let processing: { process: jest.Mock; recordDeadLettered: jest.Mock };
  let deadLetter: jest.Mock;
  /** Per action: how many of its next calls fail as in an SQS outage. */
  let outageCalls: Record<string, number>;

  beforeEach(() => {
    steps = [];
    outageCalls = {};
    const step = (name: string) =>
      jest.fn(async () => {
        if ((outageCalls[name] ?? 0) > 0) {
          outageCalls[name]--;
          steps.push(`${name} failed`);
          throw new DependencyUnavailableError('SQS', new Error('ServiceUnavailable'));
        }
        steps.push(name);
      });
    const actions = {
      hold: jest.fn(() => void steps.push('hold')),
      release: jest.fn(() => void steps.push('release')),
      acknowledge: step('delete'),
      delay: step('delay'),
      deadLetter: (deadLetter = step('dead-letter')),
      requeue: step('requeue'),
    };
    processing = {
      process: jest.fn(async () => (steps.push('process'), outcome)),
      recordDeadLettered: jest.fn(async () => (steps.push('record dead-lettered'), true)),
    };
    const config = {
      MAX_RECEIVE_COUNT: 3,
      RETRY_BASE_DELAY_MS: 1000,
      VISIBILITY_TIMEOUT_SECONDS: 30,
      ORDERS_TABLE_NAME: 'orders-test-customer-orders',
    } as ProcessorConfig;
    sut = new OrderMessageHandler(
      processing as unknown as OrderProcessingService,
      actions as unknown as SqsMessageActions,
      config,
    );
  });

  const handle = async (m: Message) => {
    const disposition = await sut.handle(m, () => steps.push('slot freed'));
    return { disposition, steps };
  };
  const optionsOfRun = () => processing.process.mock.calls[0][1] as ProcessOptions;

  it('dead-letters a failed order, frees the slot, then deletes the message', async () => {
    outcome = { kind: 'failed', record, reason: 'declined' };
    expect(await handle(message(3))).toEqual({
      disposition: 'ack',
      steps: ['hold', 'process', 'dead-letter', 'release', 'slot freed', 'delete', 'release'],
    });
  });

  it('delays an order to retry and leaves the message in the queue', async () => {
    outcome = { kind: 'retry', reason: 'declined', attempts: 1 };
    expect(await handle(message(1))).toEqual({
      disposition: 'keep',
      steps: ['hold', 'process', 'delay', 'release', 'slot freed'],
    });
  });

  it('deletes a completed order only after its slot is free', async () => {
    outcome = { kind: 'completed', record: { ...record, status: OrderStatus.COMPLETED } };
    expect((await handle(message())).steps).toEqual([
      'hold',
      'process',
      'release',
      'slot freed',
      'delete',
      'release',
    ]);
  });

  it('requeues a busy order on its last receive, then deletes the original', async () => {
    outcome = { kind: 'busy', retryAfterMs: 1000 };
    expect((await handle(message(3))).steps).toEqual([
      'hold',
      'process',
      'requeue',
      'release',
      'slot freed',
      'delete',
      'release',
    ]);
  });

  it('dead-letters a malformed body without running anything', async () => {
    expect((await handle(message(1, 'not json'))).steps).toEqual(DEAD_LETTERED_UNRUN);
  });

  it('gives a message received during shutdown straight back, without running it', async () => {
    sut.stopAccepting();
    expect(await handle(message(1))).toEqual({
      disposition: 'keep',
      steps: ['hold', 'delay', 'release', 'slot freed'],
    });
  });

  it('judges the run’s last attempt from the record (attempts in this run), not from the receive count', async () => {
    outcome = { kind: 'retry', reason: 'declined', attempts: 1 };
    await handle(message(3));
    const { isFinalAttempt } = optionsOfRun();
    const at = (attempts: number, attemptsBeforeRun?: number) =>
      isFinalAttempt({ ...record, attempts, attemptsBeforeRun });
    expect([at(2), at(3), at(4, 3), at(6, 3)]).toEqual([false, true, false, true]);
  });

  it('retries an outage for as long as it lasts, an error that may be no outage at most its retryLimit', async () => {
    outcome = { kind: 'completed', record };
    await sut.handle(message());
    const retry = optionsOfRun().retry!;
    let outageTries = 0;
    await expect(
      retry(async () => {
        if (++outageTries < 4) throw new DependencyUnavailableError('DynamoDB', new Error('down'));
        return 'done';
      }),
    ).resolves.toBe('done');
    let unknownTries = 0;
    const unknown = new DependencyUnavailableError('DynamoDB', new TypeError('x is undefined'), {
      retryLimit: 2,
    });
    await expect(retry(async () => (unknownTries++, Promise.reject(unknown)))).rejects.toBe(unknown);
    expect([outageTries, unknownTries]).toEqual([4, 2]);
  }, 20000);

  it('lets only a message without a hold create its order', async () => {
    outcome = { kind: 'absent' };
    await handle(message(1));
    const backstop = {
      ...message(1),
      MessageAttributes: orderMessageAttributes(order, { holdUntil: Date.now() - 1 }),
    };
    await handle(backstop);
    expect(processing.process.mock.calls.map(([, o]) => (o as ProcessOptions).createIfAbsent)).toEqual([
      true,
      false,
    ]);
  });

  it('runs an async order message of the legacy shape as any other: its body makes the order if absent', async () => {
    outcome = { kind: 'completed', record };
    expect((await handle(legacyMessage())).disposition).toBe('ack');
    expect(optionsOfRun()).toMatchObject({ channel: 'async', createIfAbsent: true });
  });

  it.each([
    ['past its hold', -1000],
    ['still on hold', 60_000],
  ])(
    'dead-letters a legacy sync backstop %s without running it, naming the legacy table',
    async (_, inMs) => {
      expect((await handle(legacyMessage(Date.now() + inMs))).steps).toEqual(DEAD_LETTERED_UNRUN);
      expect(processing.process).not.toHaveBeenCalled();
      const [, reason, orderId] = deadLetter.mock.calls[0] as [Message, string, string];
      expect(orderId).toBe('o-1');
      expect(reason).toMatch(
        /legacy sync backstop: order o-1 of customer c-1 .* orders-test-table.*docs\/migration\.md/,
      );
    },
  );

  it('records the awaited dead letter of a FAILED sync order once its copy is sent', async () => {
    outcome = {
      kind: 'duplicate',
      record: { ...record, awaitingDeadLetter: true, failureReason: 'declined' },
    };
    expect((await handle(message(1))).steps).toEqual([
      'hold',
      'process',
      'dead-letter',
      'record dead-lettered',
      'release',
      'slot freed',
      'delete',
      'release',
    ]);
  });

  it.each([
    ['requeue', { kind: 'busy', retryAfterMs: 1000 } as const],
    ['dead-letter', { kind: 'failed', record, reason: 'declined' } as const],
    ['delay', { kind: 'retry', reason: 'declined', attempts: 1 } as const],
  ])('retries a %s through an SQS outage, the message held meanwhile', async (action, ran) => {
    outcome = ran;
    outageCalls[action] = 2;
    const { steps } = await handle(message(action === 'delay' ? 1 : 3));
    expect(steps.slice(0, 5)).toEqual(['hold', 'process', `${action} failed`, `${action} failed`, action]);
    expect(steps.slice(5, 7)).toEqual(['release', 'slot freed']);
  });

  it('retries the delete through an SQS outage', async () => {
    outcome = { kind: 'completed', record: { ...record, status: OrderStatus.COMPLETED } };
    outageCalls.delete = 1;
    expect((await handle(message())).steps).toEqual([
      'hold',
      'process',
      'release',
      'slot freed',
      'delete failed',
      'delete',
      'release',
    ]);
  });
});
