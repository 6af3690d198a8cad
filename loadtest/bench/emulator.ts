import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand, ScanCommandOutput, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DeleteTopicCommand, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import {
  DeleteMessageCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { LOCAL_REGION, ResourceLocations } from '@app/aws-resources';
import { awsClientOptions } from '@app/aws';
import { emulatorClients, provisionResources } from '@app/provisioning';
import { answers, ManagedProcess, REPO_ROOT } from './processes';

const CREDENTIALS = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' };

/** SDK clients tuned like the apps' (keep-alive pools), for the bench's own calls to the emulator. */
export interface BenchClients {
  readonly dynamo: DynamoDBDocumentClient;
  readonly sns: SNSClient;
  readonly sqs: SQSClient;
}

/**
 * The AWS emulator the bench runs against: reused when one already answers on
 * the port (e.g. `npm run local`'s), else started from scripts/moto-server.py
 * (moto with its per-call costs fixed; see that file) and stopped at the end.
 */
export class Emulator {
  readonly clients: BenchClients;
  private readonly created: ResourceLocations[] = [];
  private readonly runId = randomBytes(2).toString('hex');

  private constructor(
    readonly endpoint: string,
    readonly reused: boolean,
    private readonly moto?: ManagedProcess,
  ) {
    for (const [k, v] of Object.entries(CREDENTIALS)) process.env[k] ??= v;
    const options = awsClientOptions({
      AWS_REGION: LOCAL_REGION,
      AWS_ENDPOINT_URL: endpoint,
      AWS_MAX_SOCKETS: 128,
    });
    this.clients = {
      dynamo: DynamoDBDocumentClient.from(new DynamoDBClient(options)),
      sns: new SNSClient(options),
      sqs: new SQSClient(options),
    };
  }

  static async startOrReuse(port: number, logDir: string): Promise<Emulator> {
    const endpoint = `http://127.0.0.1:${port}`;
    if (await answers(`${endpoint}/moto-api/`)) return new Emulator(endpoint, true);
    const python = join(REPO_ROOT, '.venv/bin/python');
    const moto = ManagedProcess.start(
      'moto',
      python,
      [join(REPO_ROOT, 'scripts/moto-server.py'), '-H', '127.0.0.1', '-p', String(port)],
      { ...process.env },
      join(logDir, 'moto.log'),
    );
    await moto.waitUntilReady(`${endpoint}/moto-api/`, 30000);
    return new Emulator(endpoint, false, moto);
  }

  get pid(): number | undefined {
    return this.moto?.pid;
  }

  peakMemoryMiB(): number | undefined {
    return this.moto?.peakMemoryMiB();
  }

  /** Fresh resources for one phase, so phases never see each other's orders. */
  async provision(phase: string): Promise<ResourceLocations> {
    const environment = `b${this.runId}-${phase}`.slice(0, 20);
    const locations = await provisionResources(environment, emulatorClients(this.endpoint, LOCAL_REGION));
    this.created.push(locations);
    return locations;
  }

  /** Variables the apps need to use `locations` on this emulator. */
  appEnv(locations: ResourceLocations): Record<string, string> {
    return {
      ...CREDENTIALS,
      AWS_ENDPOINT_URL: this.endpoint,
      AWS_REGION: LOCAL_REGION,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ORDERS_TABLE_NAME: locations.tableName,
      ORDERS_TOPIC_ARN: locations.topicArn,
      ORDERS_QUEUE_URL: locations.queueUrl,
      ORDERS_DLQ_URL: locations.deadLetterQueueUrl,
    };
  }

  /** Items of a table with this status (a full scan: once per phase, never while measuring). */
  async countStatus(tableName: string, status: string): Promise<number> {
    let count = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const page: ScanCommandOutput = await this.clients.dynamo.send(
        new ScanCommand({
          TableName: tableName,
          Select: 'COUNT',
          FilterExpression: '#s = :s',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':s': status },
          ExclusiveStartKey: start,
        }),
      );
      count += page.Count ?? 0;
      start = page.LastEvaluatedKey;
    } while (start);
    return count;
  }

  async queueDepth(queueUrl: string): Promise<{ visible: number; inFlight: number }> {
    const { Attributes: a = {} } = await this.clients.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: queueUrl,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    return {
      visible: Number(a.ApproximateNumberOfMessages ?? 0),
      inFlight: Number(a.ApproximateNumberOfMessagesNotVisible ?? 0),
    };
  }

  /** Sends `bodies` to the queue in batches of 10, `parallel` batches at a time. */
  async sendAll(queueUrl: string, bodies: readonly string[], parallel = 16): Promise<void> {
    let next = 0;
    const worker = async () => {
      for (;;) {
        const start = next;
        next += 10;
        if (start >= bodies.length) return;
        const entries = bodies
          .slice(start, start + 10)
          .map((body, i) => ({ Id: String(i), MessageBody: body }));
        const out = await this.clients.sqs.send(
          new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }),
        );
        if (out.Failed?.length) throw new Error(`SendMessageBatch failed: ${out.Failed[0].Message}`);
      }
    };
    await Promise.all(Array.from({ length: parallel }, worker));
  }

  /** Deletes what this run created on a reused emulator; a started one is simply stopped. */
  async close(): Promise<void> {
    if (this.reused) {
      const { sns, sqs, dynamo } = emulatorClients(this.endpoint, LOCAL_REGION);
      for (const l of this.created) {
        await Promise.allSettled([
          sns.send(new DeleteTopicCommand({ TopicArn: l.topicArn })),
          sqs.send(new DeleteQueueCommand({ QueueUrl: l.queueUrl })),
          sqs.send(new DeleteQueueCommand({ QueueUrl: l.deadLetterQueueUrl })),
          dynamo.send(new DeleteTableCommand({ TableName: l.tableName })),
        ]);
      }
    }
    for (const client of Object.values(this.clients)) (client as { destroy(): void }).destroy();
    await this.moto?.stop(3000);
  }
}

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
