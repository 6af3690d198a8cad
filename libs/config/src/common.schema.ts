import { z } from 'zod';
import { LOCAL_EMULATOR_PORT, LOCAL_ENVIRONMENT, LOCAL_REGION, resourceLocations } from '@app/aws-resources';
import { intVar, numberVar, optionalAbsolutePath, optionalUrl } from './env-types';

const local = resourceLocations(LOCAL_ENVIRONMENT, `http://localhost:${LOCAL_EMULATOR_PORT}`);

/**
 * Variables both apps read. Resource locations default to the local emulator's
 * (`npm run local`); the infrastructure sets the real ones on AWS.
 */
export const commonEnvSchema = z.object({
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  AWS_REGION: z.string().min(1).default(LOCAL_REGION),
  /** Unset on AWS: the SDK then uses the real endpoints and the default credential chain. */
  AWS_ENDPOINT_URL: optionalUrl(),
  /**
   * Per-service emulator endpoints, each overriding AWS_ENDPOINT_URL for its service: locally
   * DynamoDB can run in a process of its own. SNS and SQS must name the same emulator (the topic
   * delivers into the queue inside it).
   */
  AWS_ENDPOINT_URL_DYNAMODB: optionalUrl(),
  AWS_ENDPOINT_URL_SNS: optionalUrl(),
  AWS_ENDPOINT_URL_SQS: optionalUrl(),
  /** Sockets per AWS client; keep-alive pools keep per-request latency low under load. */
  AWS_MAX_SOCKETS: intVar(256, 1, 10000),
  /**
   * DynamoDB calls on the wire at once per app; more wait in the app, their timeouts not yet
   * started. Never reached on AWS at the default; locally it keeps an emulator that writes one
   * call at a time from queueing calls past AWS_REQUEST_TIMEOUT_MS (libs/aws BoundedHttpHandler).
   */
  DYNAMODB_MAX_IN_FLIGHT: intVar(32, 1, 10000),
  /**
   * How long a DynamoDB call may wait for its turn on the wire before it is given up unsent (a
   * 503 with Retry-After at the receiver): with DynamoDB hung, the queue behind
   * DYNAMODB_MAX_IN_FLIGHT would otherwise grow with every request and its calls be applied after
   * their clients gave up. Below AWS_REQUEST_TIMEOUT_MS, so that a call's wait and its time on the
   * wire together stay near what a client expects of one call. The processor's default differs.
   */
  DYNAMODB_QUEUE_TIMEOUT_MS: intVar(2000, 1, 600000),
  /** Socket inactivity limit of one AWS call; DynamoDB and SNS answer in milliseconds. */
  AWS_REQUEST_TIMEOUT_MS: intVar(3000, 100, 60000),
  /** Tries per AWS call (the SDK's standard retry with backoff) before it counts as unavailable. */
  AWS_MAX_ATTEMPTS: intVar(2, 1, 10),
  /**
   * Where the app appends every AWS call it makes, one JSON line each (service, operation,
   * logical resource). Unset in production; the e2e proving ground checks the lines against
   * the task-role policies infra synthesizes.
   */
  AWS_CALL_LOG_FILE: optionalAbsolutePath(),
  /**
   * Readiness (GET /health) asks each dependency at most once per this many ms and answers from
   * that result meanwhile: a flood of requests cannot become a flood of AWS calls.
   */
  READINESS_CACHE_MS: intVar(5000, 0, 60000),
  ORDERS_TABLE_NAME: z.string().min(3).max(255).default(local.tableName),
  PROCESSING_TIME_MS: intVar(3000, 0, 600000),
  PROCESSING_JITTER_MS: intVar(0, 0, 600000),
  FAILURE_RATE: numberVar(0, 0, 1),
  /**
   * Every this many ms, and once more on shutdown, the app writes one line of its order metrics in
   * CloudWatch's embedded metric format to stdout (libs/observability CloudWatchMetricsEmitter). 0,
   * the default, writes none: locally nothing reads them. The stack sets 60000 on every task, whose
   * awslogs driver ships stdout to CloudWatch Logs, which turns the line into metrics.
   */
  EMF_METRICS_INTERVAL_MS: intVar(0, 0, 3_600_000).refine(
    (ms) => ms === 0 || ms >= 1000,
    'must be 0 (off) or at least 1000',
  ),
  /** The value of the metrics' Environment dimension; the stack sets the environment's name. */
  EMF_METRICS_ENVIRONMENT: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1 to 64 letters, digits, - or _')
    .default(LOCAL_ENVIRONMENT),
});

export type CommonConfig = z.infer<typeof commonEnvSchema>;
export { local as LOCAL_RESOURCE_LOCATIONS };
