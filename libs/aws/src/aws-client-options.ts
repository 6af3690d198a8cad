import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { NodeHttpHandler } from '@smithy/node-http-handler';

export interface AwsConnectionSettings {
  readonly AWS_REGION: string;
  readonly AWS_ENDPOINT_URL?: string;
  readonly AWS_MAX_SOCKETS: number;
  /** Defaults as in the config schema (3000 ms, 2 attempts) for scripts that set neither. */
  readonly AWS_REQUEST_TIMEOUT_MS?: number;
  readonly AWS_MAX_ATTEMPTS?: number;
}

/**
 * Options shared by every AWS SDK client. With AWS_ENDPOINT_URL unset the SDK
 * talks to real AWS with the default credential chain; set, it talks to the
 * emulator. Keep-alive pools avoid a TCP handshake per call, and short
 * timeouts turn an unreachable or hung dependency into a prompt 503 instead of
 * a hung request: at most AWS_MAX_ATTEMPTS × AWS_REQUEST_TIMEOUT_MS plus the
 * SDK's retry backoff.
 */
export function awsClientOptions(
  settings: AwsConnectionSettings,
  overrides: { maxSockets?: number; requestTimeoutMs?: number } = {},
) {
  const requestTimeoutMs = settings.AWS_REQUEST_TIMEOUT_MS ?? 3000;
  const agentOptions = { keepAlive: true, maxSockets: overrides.maxSockets ?? settings.AWS_MAX_SOCKETS };
  return {
    region: settings.AWS_REGION,
    ...(settings.AWS_ENDPOINT_URL ? { endpoint: settings.AWS_ENDPOINT_URL } : {}),
    maxAttempts: settings.AWS_MAX_ATTEMPTS ?? 2,
    requestHandler: new NodeHttpHandler({
      httpAgent: new HttpAgent(agentOptions),
      httpsAgent: new HttpsAgent(agentOptions),
      connectionTimeout: Math.min(2000, requestTimeoutMs),
      requestTimeout: overrides.requestTimeoutMs ?? requestTimeoutMs,
      // Without it, smithy only logs a warning when requestTimeout passes and the call
      // waits for as long as the dependency hangs.
      throwOnRequestTimeout: true,
    }),
  };
}
