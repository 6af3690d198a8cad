import { appendFileSync } from 'node:fs';
import { IAM_SERVICE_PREFIXES, LogicalResource, RecordedAwsCall } from '@app/aws-resources';

/** The configured locations the recorder names by their logical resource (each app has some of them). */
export interface AwsCallRecorderSettings {
  readonly ORDERS_TOPIC_ARN?: string;
  readonly ORDERS_QUEUE_URL?: string;
  readonly ORDERS_DLQ_URL?: string;
  readonly ORDERS_TABLE_NAME?: string;
  /** When set, every call is appended to this file as one JSON line. */
  readonly AWS_CALL_LOG_FILE?: string;
}

export type AwsCallListener = (call: RecordedAwsCall) => void;

/** The part of an SDK v3 initialize middleware the recorder uses (structurally @smithy/types'). */
type InitializeArgs = { input: object };
type InitializeMiddleware = (
  next: (args: InitializeArgs) => Promise<unknown>,
  context: { commandName?: string },
) => (args: InitializeArgs) => Promise<unknown>;

/** A client whose middleware stack the recorder can join (every AWS SDK v3 client). */
interface InstrumentableClient {
  readonly config: { readonly serviceId?: string };
  readonly middlewareStack: {
    add(middleware: InitializeMiddleware, options: { step: 'initialize'; name: string }): void;
  };
}

/** The input fields that name the resource of each service's calls. */
const RESOURCE_FIELDS = ['QueueUrl', 'TopicArn', 'TableName'] as const;

/**
 * Records every AWS call the app makes: which service, which API operation, on
 * which logical resource. Listeners get each call (the `aws_requests_total`
 * metric); with AWS_CALL_LOG_FILE set, each is also appended to that file, which
 * the e2e proving ground reads to check the calls against the task-role policies.
 * A call is recorded once, when it is sent, whether it then succeeds or not:
 * AWS authorizes the attempt.
 */
export class AwsCallRecorder {
  private readonly listeners: AwsCallListener[] = [];
  private readonly resources: ReadonlyMap<string, LogicalResource>;

  constructor(settings: AwsCallRecorderSettings) {
    const named: [string | undefined, LogicalResource][] = [
      [settings.ORDERS_TOPIC_ARN, 'topic'],
      [settings.ORDERS_QUEUE_URL, 'queue'],
      [settings.ORDERS_DLQ_URL, 'deadLetterQueue'],
      [settings.ORDERS_TABLE_NAME, 'table'],
    ];
    this.resources = new Map(named.filter((entry): entry is [string, LogicalResource] => !!entry[0]));
    const file = settings.AWS_CALL_LOG_FILE;
    // Synchronous: a test may SIGKILL the app, and every line written must be complete.
    if (file) this.onCall((call) => appendFileSync(file, `${JSON.stringify(call)}\n`));
  }

  onCall(listener: AwsCallListener): void {
    this.listeners.push(listener);
  }

  /** Adds the recording middleware to `client` (a DynamoDBDocumentClient built on it shares it). */
  instrument<C extends InstrumentableClient>(client: C): C {
    const serviceId = client.config.serviceId ?? 'unknown';
    const service = IAM_SERVICE_PREFIXES[serviceId] ?? serviceId.toLowerCase();
    const middleware: InitializeMiddleware = (next, context) => (args) => {
      this.record({
        service,
        operation: (context.commandName ?? 'unknown').replace(/Command$/, ''),
        resource: this.resourceOf(args.input as Record<string, unknown>),
      });
      return next(args);
    };
    client.middlewareStack.add(middleware, { step: 'initialize', name: 'awsCallRecorder' });
    return client;
  }

  private record(call: RecordedAwsCall): void {
    for (const listener of this.listeners) listener(call);
  }

  private resourceOf(input: Record<string, unknown>): string {
    for (const field of RESOURCE_FIELDS) {
      const value = input[field];
      if (typeof value === 'string') return this.resources.get(value) ?? value;
    }
    return '*';
  }
}
