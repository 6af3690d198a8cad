/**
 * The AWS permissions of each app, defined once: `infra/` builds the task-role
 * policies from APP_PERMISSIONS, and the proving ground
 * (apps/order-processor/test/iam-permissions.e2e-spec.ts) checks every AWS call
 * the apps made in the e2e runs against the policies infra synthesizes.
 *
 * Resources are logical (the topic, the queue…), the same in every environment;
 * infra maps each to its ARN, the apps' call recorder maps each configured
 * URL, ARN or name back to it.
 */

/** The resources the apps address, by their role. */
export type LogicalResource = 'topic' | 'queue' | 'deadLetterQueue' | 'table';

/** The principals whose permissions are defined here: one ECS task role per app. */
export type AppPrincipal = 'order-receiver' | 'order-processor';

/** Actions allowed on one logical resource, rendered as one IAM statement. */
export interface AppPermission {
  /** Statement id, letters and digits only. */
  readonly sid: string;
  readonly resource: LogicalResource;
  readonly actions: readonly string[];
  /** Which code path needs it: what breaks on AWS without it. */
  readonly usedBy: string;
}

export const APP_PERMISSIONS: Readonly<Record<AppPrincipal, readonly AppPermission[]>> = {
  'order-receiver': [
    {
      sid: 'PublishOrders',
      resource: 'topic',
      actions: ['sns:Publish', 'sns:GetTopicAttributes'],
      usedBy: 'POST /orders/async publishes; GET /health probes SNS with GetTopicAttributes',
    },
    {
      sid: 'ReadWriteOrders',
      resource: 'table',
      actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
      usedBy:
        'create, claim and complete orders, GET /customers/{customerId}/orders/{orderId}, GET /health; DeleteItem removes an order whose publish failed',
    },
  ],
  'order-processor': [
    {
      sid: 'ConsumeOrders',
      resource: 'queue',
      actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:SendMessage'],
      usedBy:
        'the consumers receive, acknowledge, delay and heartbeat messages; SendMessage requeues a fresh copy ' +
        'of a message given back on its last receive (shutdown, busy, lease lost), which SQS would otherwise ' +
        'dead-letter without a reason',
    },
    {
      sid: 'DeadLetterOrders',
      resource: 'deadLetterQueue',
      actions: ['sqs:SendMessage'],
      usedBy: 'malformed, conflicting and finally failed orders are dead-lettered with their reason',
    },
    {
      // No PutItem: the processor creates an order it has never seen with the claim's UpdateItem.
      sid: 'ReadWriteOrders',
      resource: 'table',
      actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
      usedBy: 'claim, complete, fail and release orders; GET /health probes DynamoDB',
    },
  ],
};

/**
 * The IAM actions each API operation needs, by `service:Operation` (IAM service
 * prefix, API operation name). Batch operations are authorized by the single
 * action (https://docs.aws.amazon.com/service-authorization/latest/reference/).
 */
export const OPERATION_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  'sqs:ReceiveMessage': ['sqs:ReceiveMessage'],
  'sqs:DeleteMessage': ['sqs:DeleteMessage'],
  'sqs:DeleteMessageBatch': ['sqs:DeleteMessage'],
  'sqs:ChangeMessageVisibility': ['sqs:ChangeMessageVisibility'],
  'sqs:ChangeMessageVisibilityBatch': ['sqs:ChangeMessageVisibility'],
  'sqs:SendMessage': ['sqs:SendMessage'],
  'sqs:SendMessageBatch': ['sqs:SendMessage'],
  'sqs:GetQueueAttributes': ['sqs:GetQueueAttributes'],
  'sqs:GetQueueUrl': ['sqs:GetQueueUrl'],
  'sns:Publish': ['sns:Publish'],
  'sns:PublishBatch': ['sns:Publish'],
  'sns:GetTopicAttributes': ['sns:GetTopicAttributes'],
  'dynamodb:GetItem': ['dynamodb:GetItem'],
  'dynamodb:PutItem': ['dynamodb:PutItem'],
  'dynamodb:UpdateItem': ['dynamodb:UpdateItem'],
  'dynamodb:DeleteItem': ['dynamodb:DeleteItem'],
  'dynamodb:Query': ['dynamodb:Query'],
  'dynamodb:Scan': ['dynamodb:Scan'],
  'dynamodb:BatchGetItem': ['dynamodb:BatchGetItem'],
  'dynamodb:BatchWriteItem': ['dynamodb:BatchWriteItem'],
};

/**
 * KMS actions the caller needs on the key of an encrypted resource, by IAM
 * action: SNS and SQS call KMS with the caller's permissions, so a role that may
 * publish to an encrypted topic but not use its key gets AccessDenied (KMS.*).
 * Sources: SNS "Key management" (publishers need GenerateDataKey and Decrypt),
 * SQS "Configuring KMS permissions" (producers GenerateDataKey and Decrypt,
 * consumers Decrypt). DynamoDB item calls need none: DynamoDB uses the grants
 * it created on the key with the table.
 */
export const KMS_ACTIONS_FOR_ENCRYPTED: Readonly<Record<string, readonly string[]>> = {
  'sns:Publish': ['kms:GenerateDataKey', 'kms:Decrypt'],
  'sqs:SendMessage': ['kms:GenerateDataKey', 'kms:Decrypt'],
  'sqs:ReceiveMessage': ['kms:Decrypt'],
};

/** IAM service prefix of each AWS SDK client (its `serviceId`). */
export const IAM_SERVICE_PREFIXES: Readonly<Record<string, string>> = {
  SQS: 'sqs',
  SNS: 'sns',
  DynamoDB: 'dynamodb',
};

/** One AWS API call an app made, as its call recorder writes it (one JSON line each). */
export interface RecordedAwsCall {
  /** IAM service prefix: `sqs`, `sns`, `dynamodb`. */
  readonly service: string;
  /** API operation, e.g. `DeleteMessageBatch`. */
  readonly operation: string;
  /** The logical resource, or the identifier the call named when it is none of the app's. */
  readonly resource: LogicalResource | string;
}

/** The IAM actions a call needs, or undefined when OPERATION_ACTIONS does not know the operation. */
export function iamActionsFor(
  call: Pick<RecordedAwsCall, 'service' | 'operation'>,
): readonly string[] | undefined {
  return OPERATION_ACTIONS[`${call.service}:${call.operation}`];
}

/** The KMS actions (sorted) these IAM actions need when their resources are encrypted with a customer-managed key. */
export function kmsActionsFor(actions: readonly string[]): string[] {
  return [...new Set(actions.flatMap((action) => KMS_ACTIONS_FOR_ENCRYPTED[action] ?? []))].sort();
}

/**
 * The queue policy that lets the orders topic, and only it, deliver to a queue: the orders queue
 * and the subscription's delivery dead-letter queue, the same on AWS (infra's messaging construct)
 * and on the emulator (the local provisioning), which enforces none.
 */
export function topicDeliveryPolicy(topicArn: string, queueArn: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'OnlyOrdersTopicSends',
        Effect: 'Allow',
        Principal: { Service: 'sns.amazonaws.com' },
        Action: ['sqs:SendMessage'],
        Resource: queueArn,
        Condition: { ArnEquals: { 'aws:SourceArn': topicArn } },
      },
    ],
  });
}
