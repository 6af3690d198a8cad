import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import {
  ChangeMessageVisibilityCommand,
  Message,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { ordersTableKey, ResourceLocations } from '@app/aws-resources';
import type { OrderKey } from '@app/domain';
import { appEnvironment } from './test-environment';
import { waitFor } from './wait-for';

/** The body of a valid order, as the receiver publishes it. */
export function testOrder(orderId = `o-${randomUUID()}`) {
  return { orderId, customerId: 'c-1', items: [{ productId: 'sku-1', quantity: 2, price: 9.5 }] };
}

/**
 * Processor variables for fast specs: a short long poll, a visibility timeout
 * (and lease) of a few seconds, short orders and retry delays. MAX_RECEIVE_COUNT
 * keeps its default, which matches the provisioned redrive policy.
 */
export function processorTestEnvironment(
  endpoint: string,
  locations: ResourceLocations,
  overrides: Record<string, string | number> = {},
): Record<string, string> {
  const env: Record<string, string | number> = {
    ...appEnvironment(endpoint, locations),
    LOG_LEVEL: 'info',
    PROCESSOR_CONCURRENCY: 4,
    PROCESSING_TIME_MS: 200,
    SQS_WAIT_TIME_SECONDS: 1,
    // Well above the emulator's worst latency on a busy machine: a claim or renewal slower than a third
    // of the lease makes the worker give the order up (the lease guard), and a saturated moto can take
    // seconds. Specs that need a lease to lapse quickly set their own.
    VISIBILITY_TIMEOUT_SECONDS: 8,
    RETRY_BASE_DELAY_MS: 100,
    // moto applies DynamoDB writes one at a time (~35 ms of CPU per claim, twice that on a busy
    // machine): half the default keeps each call's wait on the wire well inside a third of the lease.
    DYNAMODB_MAX_IN_FLIGHT: 16,
    SHUTDOWN_TIMEOUT_MS: 15000,
    FAILURE_RATE: 0,
    ...overrides,
  };
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)]));
}

export type StoredOrder = Record<string, unknown> & { orderId: string; status: string; attempts: number };

/**
 * The API path of an order, which GET answers and a 202's statusUrl names. The one helper
 * specs build it with; it is the receiver's own rule (orderStatusPath of @app/domain).
 */
export { orderStatusPath } from '@app/domain';

/** The order's DynamoDB item as stored (consistent read), or undefined. */
export async function readOrder(
  dynamo: DynamoDBClient,
  table: string,
  key: OrderKey,
): Promise<StoredOrder | undefined> {
  const out = await DynamoDBDocumentClient.from(dynamo).send(
    new GetCommand({ TableName: table, Key: ordersTableKey(key), ConsistentRead: true }),
  );
  return out.Item as StoredOrder | undefined;
}

/** Waits until the order's item has `status`; fails with the last item seen. */
export async function waitForOrderStatus(
  dynamo: DynamoDBClient,
  table: string,
  key: OrderKey,
  status: string,
  timeoutMs = 30000,
): Promise<StoredOrder> {
  let last: StoredOrder | undefined;
  try {
    return await waitFor(
      async () => {
        last = await readOrder(dynamo, table, key);
        return last?.status === status ? last : undefined;
      },
      timeoutMs,
      `order ${key.customerId}/${key.orderId} to be ${status}`,
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; last seen: ${JSON.stringify(last)}`);
  }
}

/**
 * Every message in the queue now, without consuming them: received with a
 * short visibility timeout until the queue answers empty, then made visible
 * again.
 */
export async function peekQueue(sqs: SQSClient, queueUrl: string): Promise<Message[]> {
  const seen = new Map<string, Message>();
  for (let emptyPolls = 0; emptyPolls < 2;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 30,
        WaitTimeSeconds: 0,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['ApproximateReceiveCount'],
      }),
    );
    if (Messages.length === 0) emptyPolls++;
    for (const m of Messages) seen.set(m.MessageId!, m);
  }
  for (const m of seen.values()) {
    await sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: queueUrl,
        ReceiptHandle: m.ReceiptHandle,
        VisibilityTimeout: 0,
      }),
    );
  }
  return [...seen.values()];
}
