import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { BoundedHttpHandler } from './bounded-http-handler';

/** The AWS services the apps call, each of which may have an endpoint of its own. */
export type AwsService = 'dynamodb' | 'sns' | 'sqs';

/** Where an emulator answers: one endpoint for all, or one per service (overriding the shared one). */
export interface AwsEndpointSettings {
  readonly AWS_ENDPOINT_URL?: string;
  readonly AWS_ENDPOINT_URL_DYNAMODB?: string;
  readonly AWS_ENDPOINT_URL_SNS?: string;
  readonly AWS_ENDPOINT_URL_SQS?: string;
}

export interface AwsConnectionSettings extends AwsEndpointSettings {
  readonly AWS_REGION: string;
  readonly AWS_MAX_SOCKETS: number;
  /** DynamoDB calls on the wire at once per client; more wait in the app (see BoundedHttpHandler). */
  readonly DYNAMODB_MAX_IN_FLIGHT?: number;
  /** How long a DynamoDB call may wait for its turn before it is given up unsent (default 2000 ms, as in the config schema). */
  readonly DYNAMODB_QUEUE_TIMEOUT_MS?: number;
  /** Defaults as in the config schema (3000 ms, 2 attempts) for scripts that set neither. */
  readonly AWS_REQUEST_TIMEOUT_MS?: number;
  readonly AWS_MAX_ATTEMPTS?: number;
}

const SERVICE_ENDPOINT = {
  dynamodb: 'AWS_ENDPOINT_URL_DYNAMODB',
  sns: 'AWS_ENDPOINT_URL_SNS',
  sqs: 'AWS_ENDPOINT_URL_SQS',
} as const satisfies Record<AwsService, keyof AwsEndpointSettings>;

/**
 * The endpoint of `service`: its own AWS_ENDPOINT_URL_<SERVICE>, else AWS_ENDPOINT_URL, else
 * undefined (real AWS). The SDK reads the per-service variables itself only when no explicit
 * endpoint is passed, and the clients pass one, so the choice is made here, from validated config.
 * Locally it lets DynamoDB run in an emulator process (and on a core) of its own; SNS and SQS
 * must share one, since the topic delivers into the queue inside the emulator.
 */
export function serviceEndpoint(settings: AwsEndpointSettings, service: AwsService): string | undefined {
  return settings[SERVICE_ENDPOINT[service]] || settings.AWS_ENDPOINT_URL || undefined;
}

/**
 * Options for the SDK client of `service`. With no endpoint for it (see serviceEndpoint) the SDK
 * talks to real AWS with the default credential chain; with one, to the emulator. Keep-alive pools avoid a TCP handshake per call, and short
 * timeouts turn an unreachable or hung dependency into a prompt 503 instead of
 * a hung request: at most AWS_MAX_ATTEMPTS × AWS_REQUEST_TIMEOUT_MS plus the
 * SDK's retry backoff, and for DynamoDB, a wait of at most DYNAMODB_QUEUE_TIMEOUT_MS for a turn
 * on the wire before each attempt.
 */
export function awsClientOptions(
  settings: AwsConnectionSettings,
  service: AwsService,
  overrides: { maxSockets?: number; requestTimeoutMs?: number } = {},
) {
  const endpoint = serviceEndpoint(settings, service);
  const requestTimeoutMs = settings.AWS_REQUEST_TIMEOUT_MS ?? 3000;
  const agentOptions = { keepAlive: true, maxSockets: overrides.maxSockets ?? settings.AWS_MAX_SOCKETS };
  const handlerOptions = {
    httpAgent: new HttpAgent(agentOptions),
    httpsAgent: new HttpsAgent(agentOptions),
    connectionTimeout: Math.min(2000, requestTimeoutMs),
    requestTimeout: overrides.requestTimeoutMs ?? requestTimeoutMs,
    // Without it, smithy only logs a warning when requestTimeout passes and the call
    // waits for as long as the dependency hangs.
    throwOnRequestTimeout: true,
  };
  const maxInFlight = service === 'dynamodb' ? settings.DYNAMODB_MAX_IN_FLIGHT : undefined;
  return {
    region: settings.AWS_REGION,
    ...(endpoint ? { endpoint } : {}),
    maxAttempts: settings.AWS_MAX_ATTEMPTS ?? 2,
    requestHandler: maxInFlight
      ? new BoundedHttpHandler(handlerOptions, maxInFlight, settings.DYNAMODB_QUEUE_TIMEOUT_MS ?? 2000)
      : new NodeHttpHandler(handlerOptions),
  };
}
