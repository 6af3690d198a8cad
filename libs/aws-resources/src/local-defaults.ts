import type { IdentityLocations } from './identity';
import { resourceNames } from './resource-names';

/**
 * Where the resources live when nothing else is configured: the local emulator
 * started by `npm run local` (moto's default account and region). Deployed
 * tasks get real ARNs and URLs from the infrastructure instead.
 */
export const LOCAL_ENVIRONMENT = 'local';
export const LOCAL_ACCOUNT_ID = '123456789012';
export const LOCAL_REGION = 'us-east-1';
export const LOCAL_EMULATOR_PORT = 4566;

export interface ResourceLocations {
  readonly topicArn: string;
  readonly queueUrl: string;
  readonly deadLetterQueueUrl: string;
  readonly tableName: string;
  /** The user pool, where it was provisioned (on an emulator its ids are not known in advance). */
  readonly identity?: IdentityLocations;
}

/** ARNs and URLs of an environment's resources on an emulator or account. */
export function resourceLocations(
  environment: string,
  endpointUrl: string,
  region = LOCAL_REGION,
  accountId = LOCAL_ACCOUNT_ID,
): ResourceLocations {
  const names = resourceNames(environment);
  const base = endpointUrl.replace(/\/+$/, '');
  return {
    topicArn: `arn:aws:sns:${region}:${accountId}:${names.topic}`,
    queueUrl: `${base}/${accountId}/${names.queue}`,
    deadLetterQueueUrl: `${base}/${accountId}/${names.deadLetterQueue}`,
    tableName: names.table,
  };
}
