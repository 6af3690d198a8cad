import { randomBytes } from 'node:crypto';
import { ResourceLocations } from '@app/aws-resources';
import {
  emulatorAppEnvironment,
  emulatorClients,
  provisionResources,
  useEmulatorCredentials,
} from '@app/emulator';

useEmulatorCredentials();
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** A fresh environment name so specs sharing an emulator never see each other's data. */
export function uniqueEnvironment(prefix = 't'): string {
  return `${prefix}${randomBytes(4).toString('hex')}`;
}

/**
 * Opt-in, to try another DynamoDB emulator against the end-to-end specs: with E2E_DYNAMODB_ENDPOINT
 * set (e.g. to a ministack started by `start_dynamodb` of scripts/lib.sh), the specs' provisioning,
 * their reads and the apps use it for DynamoDB, while SNS and SQS stay on the spec's own moto.
 * Unset, as in CI, moto serves all three. Specs that pause moto or put a fault proxy in front of
 * AWS_ENDPOINT_URL do not reach DynamoDB that way then.
 */
function dynamoEndpoint(): { AWS_ENDPOINT_URL_DYNAMODB?: string } {
  const url = process.env.E2E_DYNAMODB_ENDPOINT;
  return url ? { AWS_ENDPOINT_URL_DYNAMODB: url } : {};
}

export async function provisionTestEnvironment(endpoint: string, environment = uniqueEnvironment()) {
  const clients = emulatorClients({ AWS_ENDPOINT_URL: endpoint, ...dynamoEndpoint() }, 'us-east-1');
  const locations = await provisionResources(environment, clients);
  return { environment, locations, clients };
}

/** A provisioned environment: its name, resource locations and emulator clients. */
export type TestEnvironment = Awaited<ReturnType<typeof provisionTestEnvironment>>;

/** The variables both apps need to use `locations` on the emulator at `endpoint`. */
export function appEnvironment(endpoint: string, locations: ResourceLocations): Record<string, string> {
  return emulatorAppEnvironment({ AWS_ENDPOINT_URL: endpoint, ...dynamoEndpoint() }, locations);
}
