import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { NodeHttpHandler } from '@smithy/node-http-handler';

export interface AwsConnectionSettings {
  readonly AWS_REGION: string;
  readonly AWS_ENDPOINT_URL?: string;
  readonly AWS_MAX_SOCKETS: number;
}

/**
 * Options shared by every AWS SDK client. With AWS_ENDPOINT_URL unset the SDK
 * talks to real AWS with the default credential chain; set, it talks to the
 * emulator. Keep-alive pools avoid a TCP handshake per call, and short
 * connection timeouts turn an unreachable dependency into a prompt 503
 * instead of a hung request.
 */
export function awsClientOptions(
  settings: AwsConnectionSettings,
  overrides: { maxSockets?: number; requestTimeoutMs?: number } = {},
) {
  const agentOptions = { keepAlive: true, maxSockets: overrides.maxSockets ?? settings.AWS_MAX_SOCKETS };
  return {
    region: settings.AWS_REGION,
    ...(settings.AWS_ENDPOINT_URL ? { endpoint: settings.AWS_ENDPOINT_URL } : {}),
    maxAttempts: 3,
    requestHandler: new NodeHttpHandler({
      httpAgent: new HttpAgent(agentOptions),
      httpsAgent: new HttpsAgent(agentOptions),
      connectionTimeout: 2000,
      requestTimeout: overrides.requestTimeoutMs ?? 10000,
    }),
  };
}
