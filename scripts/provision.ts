/**
 * Provisions the emulator for one environment and prints the resource locations as JSON, with
 * `variables`: what an app needs to use them (ORDERS_*, and the emulator credentials where none
 * are set; scripts/lib.sh provision_env exports them). Reads AWS_ENDPOINT_URL (default
 * http://localhost:4566), the per-service AWS_ENDPOINT_URL_DYNAMODB / _SNS / _SQS that override
 * it, AWS_REGION (default us-east-1) and APP_ENVIRONMENT (default local). The user pool (with its
 * COGNITO_* variables) is provisioned unless AUTH_DISABLED=true.
 */
import { LOCAL_EMULATOR_PORT, LOCAL_ENVIRONMENT, LOCAL_REGION } from '@app/aws-resources';
import {
  emulatorClients,
  emulatorCredentialDefaults,
  provisionResources,
  resourceVariables,
} from '@app/emulator';

async function main(): Promise<void> {
  const endpoint = process.env.AWS_ENDPOINT_URL || `http://localhost:${LOCAL_EMULATOR_PORT}`;
  const region = process.env.AWS_REGION || LOCAL_REGION;
  const environment = process.env.APP_ENVIRONMENT || LOCAL_ENVIRONMENT;
  const credentials = emulatorCredentialDefaults({ ...process.env, AWS_ENDPOINT_URL: endpoint }, [
    'dynamodb',
    'sns',
    'sqs',
  ]);
  Object.assign(process.env, credentials);
  const endpoints = {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ENDPOINT_URL_DYNAMODB: process.env.AWS_ENDPOINT_URL_DYNAMODB,
    AWS_ENDPOINT_URL_SNS: process.env.AWS_ENDPOINT_URL_SNS,
    AWS_ENDPOINT_URL_SQS: process.env.AWS_ENDPOINT_URL_SQS,
  };
  const clients = emulatorClients(endpoints, region);
  // A receiver with AUTH_DISABLED=true checks no tokens: no user pool for it (docker/compose.yaml,
  // whose LocalStack has no Cognito).
  const authDisabled = process.env.AUTH_DISABLED?.toLowerCase() === 'true';
  const locations = await provisionResources(
    environment,
    authDisabled ? { ...clients, identity: undefined } : clients,
  );
  const variables = { ...resourceVariables(locations), ...credentials };
  process.stdout.write(`${JSON.stringify({ ...locations, variables })}\n`);
}

main().catch((error: Error) => {
  process.stderr.write(`provisioning failed: ${error.message}\n`);
  process.exit(1);
});
