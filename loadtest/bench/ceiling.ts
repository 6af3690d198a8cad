/**
 * The emulator's own ceiling: calls per second it sustains for each call the
 * apps make, with no app in the way, and the orders/s that allows.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { PublishCommand } from '@aws-sdk/client-sns';
import { DeleteMessageCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { ResourceLocations } from '@app/aws-resources';
import { Emulator } from './emulator';

/** Calls per second the emulator sustains for each call the apps make, with no app in the way. */
export interface EmulatorCeiling {
  /** Conditional UpdateItem (the processor's claim and complete, the receiver's accepted mark). */
  readonly dynamoUpdatesPerSecond: number;
  /** SNS Publish delivered to the subscribed queue (the receiver's publish). */
  readonly publishesPerSecond: number;
  /** Messages received (in batches of `batchSize`) and deleted one by one, as the processor's consumers do. */
  readonly receivedAndDeletedPerSecond: number;
  readonly batchSize: number;
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

export async function measureCeiling(
  emulator: Emulator,
  locations: ResourceLocations,
  options: { seconds: number; batchSize: number; receiveDepth: number; parallelCalls?: number },
  onStep: (step: string) => void,
): Promise<EmulatorCeiling> {
  const { dynamo, sns, sqs } = emulator.clients;
  const parallel = options.parallelCalls ?? 32;
  const body = (id: string) =>
    JSON.stringify({
      orderId: id,
      customerId: 'c-1',
      items: [{ productId: 'sku-1', quantity: 1, price: 9.5 }],
    });

  onStep('DynamoDB conditional writes');
  const dynamoUpdatesPerSecond = await rate(options.seconds, parallel, async (i) => {
    await dynamo.send(
      new UpdateCommand({
        TableName: locations.tableName,
        Key: { orderId: `ceiling-${i}` },
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

  onStep('SNS publishes');
  const publishesPerSecond = await rate(options.seconds, parallel, async (i) => {
    await sns.send(
      new PublishCommand({
        TopicArn: locations.topicArn,
        Message: body(`ceiling-${i}`),
        MessageAttributes: { orderId: { DataType: 'String', StringValue: `ceiling-${i}` } },
      }),
    );
  });

  onStep('SQS receives and deletes');
  const { visible } = await emulator.queueDepth(locations.queueUrl);
  if (visible < options.receiveDepth) {
    const missing = Array.from({ length: options.receiveDepth - visible }, (_, i) => body(`fill-${i}`));
    await emulator.sendAll(locations.queueUrl, missing);
  }
  const receiveQueueDepth = Math.max(visible, options.receiveDepth);
  const receivedAndDeletedPerSecond = await rate(options.seconds, parallel, async () => {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: locations.queueUrl,
        MaxNumberOfMessages: options.batchSize,
        WaitTimeSeconds: 0,
      }),
    );
    await Promise.all(
      Messages.map((m) =>
        sqs.send(new DeleteMessageCommand({ QueueUrl: locations.queueUrl, ReceiptHandle: m.ReceiptHandle })),
      ),
    );
    return Messages.length;
  });

  // One Python process serves every call, so the costs of an order's calls add up.
  const acceptOrdersPerSecond = 1 / (2 / dynamoUpdatesPerSecond + 1 / publishesPerSecond);
  const processOrdersPerSecond = 1 / (2 / dynamoUpdatesPerSecond + 1 / receivedAndDeletedPerSecond);
  return {
    dynamoUpdatesPerSecond,
    publishesPerSecond,
    receivedAndDeletedPerSecond,
    batchSize: options.batchSize,
    receiveQueueDepth,
    acceptOrdersPerSecond,
    processOrdersPerSecond,
    parallelCalls: parallel,
  };
}
