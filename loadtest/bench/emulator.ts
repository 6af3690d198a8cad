import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand, ScanCommandOutput } from '@aws-sdk/lib-dynamodb';
import { DeleteTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import {
  DeleteQueueCommand,
  GetQueueAttributesCommand,
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
    const settings = { AWS_REGION: LOCAL_REGION, AWS_ENDPOINT_URL: endpoint, AWS_MAX_SOCKETS: 128 };
    this.clients = {
      dynamo: DynamoDBDocumentClient.from(new DynamoDBClient(awsClientOptions(settings, 'dynamodb'))),
      sns: new SNSClient(awsClientOptions(settings, 'sns')),
      sqs: new SQSClient(awsClientOptions(settings, 'sqs')),
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

  /** CPU milliseconds of the emulator the bench started (and its children); undefined when reused. */
  cpuMillis(): number | undefined {
    return this.moto?.cpuMillis();
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
