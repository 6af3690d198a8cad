import type { Message } from '@aws-sdk/client-sqs';
import { ProcessorConfig } from '@app/config';
import { OrderStatus } from '@app/domain';
import { OrderProcessingService, ProcessOutcome } from '@app/processing';
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
});

/**
 * The order in which a message is settled: the action on SQS (dead-letter, delay, requeue)
 * while its slot is still held, then the slot freed (`processed`), then the delete.
 */
describe(OrderMessageHandler.name, () => {
  let steps: string[];
  let outcome: ProcessOutcome;
  let sut: OrderMessageHandler;

  beforeEach(() => {
    steps = [];
    const step = (name: string) => jest.fn(async () => void steps.push(name));
    const actions = {
      hold: jest.fn(() => void steps.push('hold')),
      release: jest.fn(() => void steps.push('release')),
      acknowledge: step('delete'),
      delay: step('delay'),
      deadLetter: step('dead-letter'),
      requeue: step('requeue'),
    };
    const processing = { process: jest.fn(async () => (steps.push('process'), outcome)) };
    const config = {
      MAX_RECEIVE_COUNT: 3,
      RETRY_BASE_DELAY_MS: 1000,
      VISIBILITY_TIMEOUT_SECONDS: 30,
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

  it('dead-letters a failed order, frees the slot, then deletes the message', async () => {
    outcome = { kind: 'failed', record, reason: 'declined' };
    expect(await handle(message(3))).toEqual({
      disposition: 'ack',
      steps: ['hold', 'process', 'dead-letter', 'release', 'slot freed', 'delete'],
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
    expect((await handle(message())).steps).toEqual(['hold', 'process', 'release', 'slot freed', 'delete']);
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
    ]);
  });

  it('dead-letters a malformed body without running anything', async () => {
    expect((await handle(message(1, 'not json'))).steps).toEqual([
      'hold',
      'dead-letter',
      'release',
      'slot freed',
      'delete',
    ]);
  });

  it('gives a message received during shutdown straight back, without running it', async () => {
    sut.stopAccepting();
    expect(await handle(message(1))).toEqual({
      disposition: 'keep',
      steps: ['hold', 'delay', 'release', 'slot freed'],
    });
  });
});
