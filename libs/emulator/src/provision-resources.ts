import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import {
  CreateTopicCommand,
  SetSubscriptionAttributesCommand,
  SNSClient,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  SetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  MESSAGING_SETTINGS,
  ORDERS_TABLE_SCHEMA,
  ResourceLocations,
  resourceNames,
  topicDeliveryPolicy,
} from '@app/aws-resources';
import { provisionIdentity } from './provision-identity';

export interface ProvisionClients {
  readonly sns: SNSClient;
  readonly sqs: SQSClient;
  readonly dynamo: DynamoDBClient;
  /** The emulator's Cognito and its endpoint; absent, no user pool is provisioned. */
  readonly identity?: { readonly cognito: CognitoIdentityProviderClient; readonly endpoint: string };
}

/**
 * Creates (or brings up to date) the topic, queue, dead-letter queue,
 * subscription with its delivery dead-letter queue, table and (given its client) user pool of one environment on an emulator, from the shared
 * definitions. Idempotent: safe to run against resources that exist. The
 * CDKTF constructs create the same resources on AWS.
 */
export async function provisionResources(
  environment: string,
  clients: ProvisionClients,
): Promise<ResourceLocations> {
  const messaging = await provisionMessaging(environment, clients);
  const tableName = resourceNames(environment).table;
  await ensureTable(clients.dynamo, tableName);
  const identity =
    clients.identity &&
    (await provisionIdentity(environment, clients.identity.cognito, clients.identity.endpoint));
  return { ...messaging, tableName, ...(identity ? { identity } : {}) };
}

/**
 * The topic, queue, dead-letter queue and subscription (with its delivery dead-letter queue) of
 * provisionResources, without the table. The emulator enforces neither queue policy; they are set
 * as on AWS so that what runs locally is what is deployed.
 */
export async function provisionMessaging(
  environment: string,
  clients: Pick<ProvisionClients, 'sns' | 'sqs'>,
): Promise<Omit<ResourceLocations, 'tableName'>> {
  const names = resourceNames(environment);
  const { sns, sqs } = clients;

  const { TopicArn: topicArn } = await sns.send(new CreateTopicCommand({ Name: names.topic }));
  const { QueueUrl: deadLetterQueueUrl } = await sqs.send(
    new CreateQueueCommand({
      QueueName: names.deadLetterQueue,
      Attributes: { MessageRetentionPeriod: String(MESSAGING_SETTINGS.deadLetterRetentionSeconds) },
    }),
  );
  const deadLetterArn = await queueArn(sqs, deadLetterQueueUrl!);
  const { QueueUrl: queueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: names.queue }));
  const mainArn = await queueArn(sqs, queueUrl!);
  await sqs.send(
    new SetQueueAttributesCommand({
      QueueUrl: queueUrl,
      Attributes: {
        VisibilityTimeout: String(MESSAGING_SETTINGS.visibilityTimeoutSeconds),
        MessageRetentionPeriod: String(MESSAGING_SETTINGS.messageRetentionSeconds),
        ReceiveMessageWaitTimeSeconds: String(MESSAGING_SETTINGS.receiveWaitTimeSeconds),
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: deadLetterArn,
          maxReceiveCount: MESSAGING_SETTINGS.maxReceiveCount,
        }),
        Policy: topicDeliveryPolicy(topicArn!, mainArn),
      },
    }),
  );
  const deliveryDeadLetterArn = await ensureDeliveryDeadLetterQueue(
    sqs,
    names.deliveryDeadLetterQueue,
    topicArn!,
  );
  const { SubscriptionArn: subscriptionArn } = await sns.send(
    new SubscribeCommand({
      TopicArn: topicArn,
      Protocol: 'sqs',
      Endpoint: mainArn,
      Attributes: { RawMessageDelivery: String(MESSAGING_SETTINGS.rawMessageDelivery) },
      ReturnSubscriptionArn: true,
    }),
  );
  // Set apart from Subscribe: a Subscribe whose attributes differ from an existing subscription's
  // is refused, so an environment provisioned before the redrive policy existed gets it this way.
  await sns.send(
    new SetSubscriptionAttributesCommand({
      SubscriptionArn: subscriptionArn,
      AttributeName: 'RedrivePolicy',
      AttributeValue: JSON.stringify({ deadLetterTargetArn: deliveryDeadLetterArn }),
    }),
  );
  return { topicArn: topicArn!, queueUrl: queueUrl!, deadLetterQueueUrl: deadLetterQueueUrl! };
}

/** The subscription's dead-letter queue, which only the topic may send to; returns its ARN. */
async function ensureDeliveryDeadLetterQueue(
  sqs: SQSClient,
  name: string,
  topicArn: string,
): Promise<string> {
  const { QueueUrl: url } = await sqs.send(
    new CreateQueueCommand({
      QueueName: name,
      Attributes: { MessageRetentionPeriod: String(MESSAGING_SETTINGS.deadLetterRetentionSeconds) },
    }),
  );
  const arn = await queueArn(sqs, url!);
  await sqs.send(
    new SetQueueAttributesCommand({
      QueueUrl: url,
      Attributes: { Policy: topicDeliveryPolicy(topicArn, arn) },
    }),
  );
  return arn;
}

async function queueArn(sqs: SQSClient, url: string): Promise<string> {
  const out = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
  return out.Attributes!.QueueArn!;
}

/** Creates the orders table `table` with its TTL, as provisionResources does; idempotent. */
export async function ensureTable(dynamo: DynamoDBClient, table: string): Promise<void> {
  try {
    await dynamo.send(
      new CreateTableCommand({
        TableName: table,
        BillingMode: ORDERS_TABLE_SCHEMA.billingMode,
        AttributeDefinitions: [
          {
            AttributeName: ORDERS_TABLE_SCHEMA.partitionKey,
            AttributeType: ORDERS_TABLE_SCHEMA.partitionKeyType,
          },
          { AttributeName: ORDERS_TABLE_SCHEMA.sortKey, AttributeType: ORDERS_TABLE_SCHEMA.sortKeyType },
        ],
        KeySchema: [
          { AttributeName: ORDERS_TABLE_SCHEMA.partitionKey, KeyType: 'HASH' },
          { AttributeName: ORDERS_TABLE_SCHEMA.sortKey, KeyType: 'RANGE' },
        ],
      }),
    );
  } catch (e) {
    if (!(e instanceof ResourceInUseException)) throw e;
  }
  for (let i = 0; i < 50; i++) {
    const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: table }));
    if (Table?.TableStatus === 'ACTIVE') return enableTtl(dynamo, table);
    await sleep(100);
  }
  throw new Error(`Table ${table} did not become ACTIVE`);
}

async function enableTtl(dynamo: DynamoDBClient, table: string): Promise<void> {
  try {
    await dynamo.send(
      new UpdateTimeToLiveCommand({
        TableName: table,
        TimeToLiveSpecification: { AttributeName: ORDERS_TABLE_SCHEMA.ttlAttribute, Enabled: true },
      }),
    );
  } catch (e) {
    // DynamoDB refuses to enable TTL that is already enabled; anything else is a real failure.
    if (!(e instanceof Error && /already enabled/i.test(e.message))) throw e;
  }
}
