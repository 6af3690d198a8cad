import { IdentityLocations, LOCAL_REGION, ResourceLocations } from '@app/aws-resources';
import { EMULATOR_CREDENTIALS } from './credentials';

/** The variables an app reads to find an environment's resources (see libs/config). */
export function resourceVariables(locations: ResourceLocations): Record<string, string> {
  return {
    ORDERS_TABLE_NAME: locations.tableName,
    ORDERS_TOPIC_ARN: locations.topicArn,
    ORDERS_QUEUE_URL: locations.queueUrl,
    ORDERS_DLQ_URL: locations.deadLetterQueueUrl,
    ...(locations.identity ? identityVariables(locations.identity) : {}),
  };
}

/** The receiver's variables for checking the tokens of the pool at `identity` on the emulator. */
export function identityVariables(identity: IdentityLocations): Record<string, string> {
  return {
    COGNITO_USER_POOL_ID: identity.userPoolId,
    COGNITO_CUSTOMER_CLIENT_ID: identity.customerClientId,
    COGNITO_SERVICE_CLIENT_IDS: identity.serviceClientId,
    COGNITO_JWKS_URL: identity.jwksUrl,
  };
}

/**
 * Everything an app needs to run against `locations` on the emulators at `endpoints`
 * (AWS_ENDPOINT_URL, and AWS_ENDPOINT_URL_DYNAMODB where DynamoDB runs apart): what the specs
 * and the bench start the apps with.
 */
export function emulatorAppEnvironment(
  endpoints: Readonly<Record<string, string | undefined>>,
  locations: ResourceLocations,
): Record<string, string> {
  const defined = Object.entries(endpoints).filter((entry): entry is [string, string] => !!entry[1]);
  return {
    ...Object.fromEntries(defined),
    AWS_REGION: LOCAL_REGION,
    ...EMULATOR_CREDENTIALS,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...resourceVariables(locations),
  };
}
