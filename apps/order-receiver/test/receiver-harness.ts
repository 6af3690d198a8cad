import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { GetItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import request from 'supertest';
import { IdentityLocations, ordersTableKey, ResourceLocations } from '@app/aws-resources';
import { LocalUser, localUserToken } from '@app/emulator';
import {
  appEnvironment,
  initForSupertest,
  MotoServer,
  orderStatusPath,
  provisionTestEnvironment,
  signedServiceToken,
  SignedTokenOptions,
} from '@app/testing';
import { createReceiverApp } from '../src/receiver.app';

/**
 * The real receiver module, in-process, against a moto server of its own.
 * Nothing is mocked: DynamoDB, SNS, SQS and the user pool are the emulator's. `http` sends a
 * service token with both scopes (any customer, read and write); `anonymous` sends none, `as`
 * another token (`userToken`, `serviceToken`).
 */
export class ReceiverHarness {
  private constructor(
    readonly moto: MotoServer,
    readonly app: NestFastifyApplication,
    readonly locations: ResourceLocations,
    readonly clients: Awaited<ReturnType<typeof provisionTestEnvironment>>['clients'],
    /** The environment the resources are named after: to provision it again on a restarted emulator. */
    readonly environment: string,
    /** A service token with orders/write and orders/read: what `http` sends. */
    readonly defaultToken: string,
  ) {}

  static async start(env: Record<string, string> = {}): Promise<ReceiverHarness> {
    const moto = await MotoServer.start();
    const { locations, clients, environment } = await provisionTestEnvironment(moto.endpoint);
    const app = await createReceiverApp({
      PROCESSING_TIME_MS: '50',
      THROTTLE_LIMIT: '100000',
      CALLER_THROTTLE_LIMIT: '100000',
      LOG_LEVEL: 'silent',
      ...appEnvironment(moto.endpoint, locations),
      ...env,
    });
    await initForSupertest(app);
    return new ReceiverHarness(
      moto,
      app,
      locations,
      clients,
      environment,
      await signedServiceToken(locations.identity!),
    );
  }

  /** Requests with the default service token (both scopes). */
  get http() {
    return this.as(this.defaultToken);
  }

  /** Requests without a token. */
  get anonymous() {
    return request(this.app.getHttpServer());
  }

  /** Requests with `Authorization: Bearer <token>`. */
  as(token: string) {
    return request.agent(this.app.getHttpServer()).set('Authorization', `Bearer ${token}`);
  }

  get identity(): IdentityLocations {
    return this.locations.identity!;
  }

  /** A local user's access token, issued by the emulator's user pool (demo, other: customers; admin). */
  userToken(user: LocalUser): Promise<string> {
    return localUserToken(this.clients.identity!.cognito, this.identity, user);
  }

  /** A service client's token signed with the emulator's key; `scopes` default to both. */
  serviceToken(scopes?: readonly string[], options?: SignedTokenOptions): Promise<string> {
    return signedServiceToken(this.identity, scopes, options);
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
