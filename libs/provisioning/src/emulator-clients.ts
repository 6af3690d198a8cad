import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { ProvisionClients } from './provision-resources';

/** Clients for scripts and tests; credentials come from the environment (any value works on an emulator). */
export function emulatorClients(endpoint: string | undefined, region: string): ProvisionClients {
  const options = { region, ...(endpoint ? { endpoint } : {}) };
  return { sns: new SNSClient(options), sqs: new SQSClient(options), dynamo: new DynamoDBClient(options) };
}
