import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { GetItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import request from 'supertest';
import { ordersTableKey, ResourceLocations } from '@app/aws-resources';
import {
  appEnvironment,
  initForSupertest,
  MotoServer,
  orderStatusPath,
  provisionTestEnvironment,
} from '@app/testing';
import { createReceiverApp } from '../src/receiver.app';

/**
 * The real receiver module, in-process, against a moto server of its own.
 * Nothing is mocked: DynamoDB, SNS and SQS are the emulator's.
 */
export class ReceiverHarness {
  private constructor(
    readonly moto: MotoServer,
    readonly app: NestFastifyApplication,
    readonly locations: ResourceLocations,
    readonly clients: Awaited<ReturnType<typeof provisionTestEnvironment>>['clients'],
    /** The environment the resources are named after: to provision it again on a restarted emulator. */
    readonly environment: string,
  ) {}

  static async start(env: Record<string, string> = {}): Promise<ReceiverHarness> {
    const moto = await MotoServer.start();
    const { locations, clients, environment } = await provisionTestEnvironment(moto.endpoint);
    const app = await createReceiverApp({
      PROCESSING_TIME_MS: '50',
      THROTTLE_LIMIT: '100000',
      LOG_LEVEL: 'silent',
      ...appEnvironment(moto.endpoint, locations),
      ...env,
    });
    await initForSupertest(app);
    return new ReceiverHarness(moto, app, locations, clients, environment);
  }

  get http() {
    return request(this.app.getHttpServer());
  }

  async stop(): Promise<void> {
    await this.app.close();
    await this.moto.stop();
  }

  /** The order's item as stored, of `customerId` (validOrder's by default). */
  async item(orderId: string, customerId = CUSTOMER_ID) {
    const key = Object.entries(ordersTableKey({ customerId, orderId })).map(([name, S]) => [name, { S }]);
    const out = await this.clients.dynamo.send(
      new GetItemCommand({
        TableName: this.locations.tableName,
        Key: Object.fromEntries(key),
        ConsistentRead: true,
      }),
    );
    return out.Item;
  }

  async itemCount(): Promise<number> {
    const out = await this.clients.dynamo.send(
      new ScanCommand({ TableName: this.locations.tableName, Select: 'COUNT' }),
    );
    return out.Count ?? 0;
  }

  /** Receives (and leaves hidden) whatever the topic delivered to the queue. */
  async queuedBodies(max = 10): Promise<Record<string, unknown>[]> {
    const out = await this.clients.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: this.locations.queueUrl,
        MaxNumberOfMessages: max,
        WaitTimeSeconds: 1,
      }),
    );
    return (out.Messages ?? []).map((m) => JSON.parse(m.Body ?? '{}') as Record<string, unknown>);
  }
}

/** The customer of validOrder. */
export const CUSTOMER_ID = 'customer-1';

export const validOrder = (over: Record<string, unknown> = {}) => ({
  customerId: CUSTOMER_ID,
  items: [
    { productId: 'sku-1', quantity: 2, price: 9.99 },
    { productId: 'sku-2', quantity: 1, price: 0.5 },
  ],
  ...over,
});

let sequence = 0;
export const uniqueId = (prefix = 'order') => `${prefix}-${process.pid}-${Date.now()}-${sequence++}`;

/** The path of an order of `customerId` (validOrder's by default): GET answers it, a 202 names it. */
export const statusPath = (orderId: string, customerId = CUSTOMER_ID) =>
  orderStatusPath({ customerId, orderId });
