import { randomBytes } from 'node:crypto';
import { backOff } from 'exponential-backoff';
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
import { awsClientOptions, AwsEndpointSettings } from '@app/aws';
import {
  emulatorAppEnvironment,
  EMULATOR_HEALTH_PATH,
  emulatorClients,
  emulatorCommand,
  EmulatorKind,
  emulatorServiceToken,
  provisionResources,
  useEmulatorCredentials,
} from '@app/emulator';
import { answers, ManagedProcess } from './processes';

/** SDK clients tuned like the apps' (keep-alive pools), for the bench's own calls to the emulator. */
export interface BenchClients {
  readonly dynamo: DynamoDBDocumentClient;
  readonly sns: SNSClient;
  readonly sqs: SQSClient;
}

/** One emulator process of the backend: started by the bench (and stopped by it), or reused. */
interface BackendProcess {
  readonly endpoint: string;
  readonly process?: ManagedProcess;
}

/**
 * The local AWS backend the bench runs against, as `npm run local` runs it (scripts/lib.sh,
 * start_backend): moto for SNS and SQS (libs/emulator/moto-server.py, moto with its per-call costs
 * fixed), and ministack for DynamoDB in a process, and so on a core, of its own. Each is reused
 * when one already answers on its port (e.g. `npm run local`'s), else started and stopped at the
 * end. With no DynamoDB port, moto serves DynamoDB too, as in CI's tests.
 */
export class Emulator {
  readonly clients: BenchClients;
  private readonly created: ResourceLocations[] = [];
  private readonly runId = randomBytes(2).toString('hex');

  private constructor(
    private readonly messaging: BackendProcess,
    private readonly dynamodb?: BackendProcess,
  ) {
    useEmulatorCredentials();
    const settings = { AWS_REGION: LOCAL_REGION, ...this.endpoints, AWS_MAX_SOCKETS: 128 };
    this.clients = {
      dynamo: DynamoDBDocumentClient.from(new DynamoDBClient(awsClientOptions(settings, 'dynamodb'))),
      sns: new SNSClient(awsClientOptions(settings, 'sns')),
      sqs: new SQSClient(awsClientOptions(settings, 'sqs')),
    };
  }

  /** `dynamodbPort` 0: moto serves DynamoDB too. */
  static async startOrReuse(motoPort: number, dynamodbPort: number, logDir: string): Promise<Emulator> {
    const messaging = await startOrReuse('moto', motoPort, join(logDir, 'moto.log'));
    if (!dynamodbPort || dynamodbPort === motoPort) return new Emulator(messaging);
    return new Emulator(
      messaging,
      await startOrReuse('ministack', dynamodbPort, join(logDir, 'dynamodb.log')),
    );
  }

  /** The emulators' endpoints, as the apps' AWS_ENDPOINT_URL(_DYNAMODB) variables. */
  get endpoints(): AwsEndpointSettings {
    return {
      AWS_ENDPOINT_URL: this.messaging.endpoint,
      ...(this.dynamodb ? { AWS_ENDPOINT_URL_DYNAMODB: this.dynamodb.endpoint } : {}),
    };
  }

  /** What serves what, for the progress line and the report. */
  describe(): string {
    const one = (what: string, name: string, b: BackendProcess) =>
      `${what}: ${name} at ${b.endpoint} (${b.process ? `started, pid ${b.process.pid}` : 'reused'})`;
    return this.dynamodb
      ? `${one('SNS+SQS', 'moto', this.messaging)}; ${one('DynamoDB', 'ministack', this.dynamodb)}`
      : one('SNS+SQS+DynamoDB', 'moto', this.messaging);
  }

  /** True when DynamoDB has a process (and a core) of its own, so its costs do not add to SNS's and SQS's. */
  get dynamodbSeparate(): boolean {
    return this.dynamodb !== undefined;
  }

  /** CPU milliseconds of the SNS/SQS emulator (all three services when shared); undefined when reused. */
  cpuMillis(): number | undefined {
    return this.messaging.process?.cpuMillis();
  }

  /** CPU milliseconds of the DynamoDB emulator when it runs apart and the bench started it. */
  dynamodbCpuMillis(): number | undefined {
    return this.dynamodb?.process?.cpuMillis();
  }

  peakMemoryMiB(): number | undefined {
    return this.messaging.process?.peakMemoryMiB();
  }

  get reused(): boolean {
    return !this.messaging.process && !this.dynamodb?.process;
  }

  /** Fresh resources for one phase, so phases never see each other's orders. */
  async provision(phase: string): Promise<ResourceLocations> {
    const environment = `b${this.runId}-${phase}`.slice(0, 20);
    const locations = await provisionResources(environment, emulatorClients(this.endpoints, LOCAL_REGION));
    this.created.push(locations);
    return locations;
  }

  /**
   * A service's bearer token for the receiver of `locations` (its own user pool): scopes
   * orders/write and orders/read, so it submits for any customerId, valid for an hour, signed with
   * moto's key as only an emulator's token can be (emulatorServiceToken).
   */
  serviceToken(locations: ResourceLocations): string {
    if (!locations.identity) throw new Error(`no user pool was provisioned for ${locations.tableName}`);
    return emulatorServiceToken(locations.identity);
  }

  /** Variables the apps need to use `locations` on this emulator. */
  appEnv(locations: ResourceLocations): Record<string, string> {
    return emulatorAppEnvironment({ ...this.endpoints }, locations);
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

  /**
   * Sends `bodies` to the queue in batches of 10, `parallel` batches at a time. A batch the busy
   * emulator does not answer in time is sent again (up to 5 times, a second apart): it may then
   * arrive twice, which the processor drops as a duplicate.
   */
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
        const out = await this.sendBatch(queueUrl, entries);
        if (out.Failed?.length) throw new Error(`SendMessageBatch failed: ${out.Failed[0].Message}`);
      }
    };
    await Promise.all(Array.from({ length: parallel }, worker));
  }

  private sendBatch(queueUrl: string, entries: { Id: string; MessageBody: string }[]) {
    return backOff(
      () => this.clients.sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries })),
      { numOfAttempts: 5, startingDelay: 1000, timeMultiple: 1 },
    );
  }

  /** Deletes what this run created on a reused emulator; a started one is simply stopped. */
  async close(): Promise<void> {
    const { sns, sqs, dynamo } = emulatorClients(this.endpoints, LOCAL_REGION);
    for (const l of this.created) {
      await Promise.allSettled([
        ...(this.messaging.process
          ? []
          : [
              sns.send(new DeleteTopicCommand({ TopicArn: l.topicArn })),
              sqs.send(new DeleteQueueCommand({ QueueUrl: l.queueUrl })),
              sqs.send(new DeleteQueueCommand({ QueueUrl: l.deadLetterQueueUrl })),
            ]),
        ...((this.dynamodb ?? this.messaging).process
          ? []
          : [dynamo.send(new DeleteTableCommand({ TableName: l.tableName }))]),
      ]);
    }
    for (const client of [...Object.values(this.clients), sns, sqs, dynamo])
      (client as { destroy(): void }).destroy();
    await Promise.all([this.messaging.process?.stop(3000), this.dynamodb?.process?.stop(3000)]);
  }
}

/** The emulator of this kind answering on `port`, else one started by the launcher (waited for). */
async function startOrReuse(kind: EmulatorKind, port: number, logFile: string): Promise<BackendProcess> {
  const endpoint = `http://127.0.0.1:${port}`;
  const health = `${endpoint}${EMULATOR_HEALTH_PATH[kind]}`;
  if (await answers(health)) return { endpoint };
  const { command, args } = emulatorCommand(kind, port);
  const started = ManagedProcess.start(kind, command, args, { ...process.env }, logFile);
  await started.waitUntilReady(health, 60000);
  return { endpoint, process: started };
}
