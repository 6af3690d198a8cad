/**
 * The emulator's own ceiling: calls per second it sustains for each call the
 * apps make, with no app in the way, and the orders/s that allows.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { PublishCommand } from '@aws-sdk/client-sns';
import { DeleteMessageBatchCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { ordersTableKey, ResourceLocations } from '@app/aws-resources';
import { BenchOptions } from '../bench-options';
import { Emulator } from '../runtime/emulator';
import { orderBody } from './order-body';
import { Progress } from '../runtime/progress';

/** Calls per second the emulator sustains for each call the apps make, with no app in the way. */
export interface EmulatorCeiling {
  /** Conditional UpdateItem (the processor's claim and complete, the receiver's accepted mark). */
  readonly dynamoUpdatesPerSecond: number;
  /** SNS Publish delivered to the subscribed queue (the receiver's publish). */
  readonly publishesPerSecond: number;
  /** Messages received in batches of up to 10 and deleted with DeleteMessageBatch, as the processor does. */
  readonly receivedAndDeletedPerSecond: number;
  /** DynamoDB in an emulator process of its own: its costs do not add to SNS's and SQS's. */
  readonly dynamodbSeparate: boolean;
  /** Queue depth when the receive measurement started. */
  readonly receiveQueueDepth: number;
  /** Orders/s the emulator could accept with 2 DynamoDB writes and 1 publish each (costs add up: one core). */
  readonly acceptOrdersPerSecond: number;
  /** Orders/s the emulator could let the processor finish: receive + delete + 2 DynamoDB writes each. */
  readonly processOrdersPerSecond: number;
  readonly parallelCalls: number;
}

/** Runs `op` from `workers` loops for `seconds`; returns completed calls per second. */
async function rate(
  seconds: number,
  workers: number,
  op: (i: number) => Promise<number | void>,
): Promise<number> {
  const start = performance.now();
  const end = start + seconds * 1000;
  let done = 0;
  let counter = 0;
  let stop = false;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (!stop && performance.now() < end) {
        const n = await op(counter++).catch(() => -1);
        if (n === -1) continue;
        if (n === 0) {
          stop = true; // nothing left to work on
          break;
        }
        done += typeof n === 'number' ? n : 1;
      }
    }),
  );
  return done / ((performance.now() - start) / 1000);
}

/**
 * Orders/s the emulators allow for an order of two DynamoDB writes and one message call, from each
 * call's own rate. In one process the costs of an order's calls add up; in two, the slower process
 * sets the pace.
 */
export function ordersPerSecond(
  dynamoWritesPerSecond: number,
  messagesPerSecond: number,
  dynamodbSeparate: boolean,
): number {
  return dynamodbSeparate
    ? Math.min(dynamoWritesPerSecond / 2, messagesPerSecond)
    : 1 / (2 / dynamoWritesPerSecond + 1 / messagesPerSecond);
}

/** The ceiling phase: fresh resources, each call type measured for `ceilingSeconds` with no app running. */
export async function measureCeiling(
  emulator: Emulator,
  options: BenchOptions,
  progress: Progress,
): Promise<EmulatorCeiling> {
  progress.step(`emulator ceiling: ${options.ceilingSeconds} s per call type, no app running`);
  const locations = await emulator.provision('ceil');
  const measured = await measureCalls(
    emulator,
    locations,
    { seconds: options.ceilingSeconds, receiveDepth: options.maxPreload },
    (step) => progress.note(step),
  );
  progress.note(
    `${measured.dynamoUpdatesPerSecond.toFixed(0)} writes/s, ${measured.publishesPerSecond.toFixed(0)} publishes/s, ` +
      `${measured.receivedAndDeletedPerSecond.toFixed(0)} received+deleted/s → accept ceiling ` +
      `${measured.acceptOrdersPerSecond.toFixed(1)} orders/s, processing ceiling ${measured.processOrdersPerSecond.toFixed(1)} orders/s`,
  );
  return measured;
}

interface CallOptions {
  readonly seconds: number;
  readonly receiveDepth: number;
  readonly parallelCalls?: number;
}

async function measureCalls(
  emulator: Emulator,
  locations: ResourceLocations,
  options: CallOptions,
  onStep: (step: string) => void,
): Promise<EmulatorCeiling> {
  const parallel = options.parallelCalls ?? 32;
  onStep('DynamoDB conditional writes');
  const dynamoUpdatesPerSecond = await dynamoWriteRate(emulator, locations, options.seconds, parallel);
  onStep('SNS publishes');
  const publishesPerSecond = await publishRate(emulator, locations, options.seconds, parallel);
  onStep('SQS receives and deletes');
  const { receiveQueueDepth, receivedAndDeletedPerSecond } = await receiveAndDeleteRate(
    emulator,
    locations,
    options,
    parallel,
  );
  const dynamodbSeparate = emulator.dynamodbSeparate;
  const acceptOrdersPerSecond = ordersPerSecond(dynamoUpdatesPerSecond, publishesPerSecond, dynamodbSeparate);
  const processOrdersPerSecond = ordersPerSecond(
    dynamoUpdatesPerSecond,
    receivedAndDeletedPerSecond,
    dynamodbSeparate,
  );
  return {
    dynamoUpdatesPerSecond,
    publishesPerSecond,
    receivedAndDeletedPerSecond,
    dynamodbSeparate,
    receiveQueueDepth,
    acceptOrdersPerSecond,
    processOrdersPerSecond,
    parallelCalls: parallel,
  };
}

/** Conditional UpdateItem calls per second, each on an item of its own. */
function dynamoWriteRate(
  emulator: Emulator,
  locations: ResourceLocations,
  seconds: number,
  parallel: number,
): Promise<number> {
  return rate(seconds, parallel, async (i) => {
    await emulator.clients.dynamo.send(
      new UpdateCommand({
        TableName: locations.tableName,
        Key: ordersTableKey(orderBody(`ceiling-${i}`)),
        UpdateExpression: 'SET #s = :s, updatedAt = :now',
        ConditionExpression: 'attribute_not_exists(orderId) OR #s = :pending',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: {
          ':s': 'PROCESSING',
          ':pending': 'PENDING',
          ':now': new Date().toISOString(),
        },
      }),
    );
  });
}

/** SNS Publish calls per second, each delivered to the subscribed queue. */
function publishRate(
  emulator: Emulator,
  locations: ResourceLocations,
  seconds: number,
  parallel: number,
): Promise<number> {
  return rate(seconds, parallel, async (i) => {
    await emulator.clients.sns.send(
      new PublishCommand({
        TopicArn: locations.topicArn,
        Message: JSON.stringify(orderBody(`ceiling-${i}`)),
        MessageAttributes: { orderId: { DataType: 'String', StringValue: `ceiling-${i}` } },
      }),
    );
  });
}

/** Messages received (batches of up to 10) and deleted per second, from a queue filled to `receiveDepth`. */
async function receiveAndDeleteRate(
  emulator: Emulator,
  locations: ResourceLocations,
  options: CallOptions,
  parallel: number,
): Promise<{ receiveQueueDepth: number; receivedAndDeletedPerSecond: number }> {
  const { sqs } = emulator.clients;
  const { visible } = await emulator.queueDepth(locations.queueUrl);
  if (visible < options.receiveDepth) {
    const missing = Array.from({ length: options.receiveDepth - visible }, (_, i) =>
      JSON.stringify(orderBody(`fill-${i}`)),
    );
    await emulator.sendAll(locations.queueUrl, missing);
  }
  const receiveQueueDepth = Math.max(visible, options.receiveDepth);
  const receivedAndDeletedPerSecond = await rate(options.seconds, parallel, async () => {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: locations.queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
      }),
    );
    if (Messages.length > 0)
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: locations.queueUrl,
          Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
        }),
      );
    return Messages.length;
  });
  return { receiveQueueDepth, receivedAndDeletedPerSecond };
}
