import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { AwsEndpointSettings, AwsService, serviceEndpoint } from '@app/aws';
import { ProvisionClients } from './provision-resources';

/**
 * Clients for scripts and tests; credentials come from the environment (any value works on an
 * emulator). `endpoints` is one endpoint for every service, or the apps' endpoint variables
 * (AWS_ENDPOINT_URL and the per-service AWS_ENDPOINT_URL_DYNAMODB / _SNS / _SQS).
 */
export function emulatorClients(
  endpoints: string | AwsEndpointSettings | undefined,
  region: string,
): ProvisionClients {
  const settings = typeof endpoints === 'string' ? { AWS_ENDPOINT_URL: endpoints } : (endpoints ?? {});
  const options = (service: AwsService) => {
    const endpoint = serviceEndpoint(settings, service);
    return { region, ...(endpoint ? { endpoint } : {}) };
  };
  return {
    sns: new SNSClient(options('sns')),
    sqs: new SQSClient(options('sqs')),
    dynamo: new DynamoDBClient(options('dynamodb')),
    // moto serves Cognito at the general endpoint; with none, the user pool is infra/'s on AWS.
    ...(settings.AWS_ENDPOINT_URL
      ? {
          identity: {
            cognito: new CognitoIdentityProviderClient({ region, endpoint: settings.AWS_ENDPOINT_URL }),
            endpoint: settings.AWS_ENDPOINT_URL,
          },
        }
      : {}),
  };
}
