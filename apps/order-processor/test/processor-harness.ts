import type { INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PublishBatchCommand, PublishCommand } from '@aws-sdk/client-sns';
import {
  GetQueueAttributesCommand,
  Message,
  MessageAttributeValue,
  SendMessageBatchCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import request from 'supertest';
import { CommonConfig } from '@app/config';
import type { OrderKey } from '@app/domain';
import { HOLD_UNTIL_ATTRIBUTE, ORDER_KEY_ATTRIBUTE, orderMessageAttributes } from '@app/messaging';
import { freePort, REPO_ROOT } from '@app/emulator';
import { DynamoOrderRepository } from '@app/storage';
import {
  AppProcess,
  appEnvironment,
  FaultProxy,
  httpGet,
  initForSupertest,
  MotoServer,
  peekQueue,
  processorTestEnvironment,
  provisionTestEnvironment,
  readOrder,
  signedServiceToken,
  StoredOrder,
  TestEnvironment,
  waitFor,
  waitForOrderStatus,
} from '@app/testing';
import { createReceiverApp } from '../../order-receiver/src/receiver.app';

/**
 * What the order-processor end-to-end specs share: a moto server of the spec's
 * own with a provisioned environment, the processor (and, where a spec needs
 * one, the receiver) started on free ports, and the emulator as the specs see
 * it: sending and publishing orders, the table's state, the queues. `stop()`
 * ends everything it started, in afterAll or afterEach.
 *
 * A body is sent as it is when it is a string (malformed messages), as JSON
 * otherwise.
 */
export class ProcessorHarness {
  /** The processors started, in order (`fulfilmentFigures(h.processors, …)` counts over all of them). */
  readonly processors: AppProcess[] = [];
  /** Every process and app started, in order, with how to end it. */
  private readonly running: (() => Promise<void>)[] = [];
  private readonly proxies: FaultProxy[] = [];

  private constructor(
    readonly moto: MotoServer,
    readonly env: TestEnvironment,
    /** A service token with orders/write and orders/read, for the receivers' order routes. */
    readonly token: string,
  ) {}

  static async start(): Promise<ProcessorHarness> {
    const moto = await MotoServer.start();
    try {
      const env = await provisionTestEnvironment(moto.endpoint);
      return new ProcessorHarness(moto, env, await signedServiceToken(env.locations.identity!));
    } catch (error) {
      await moto.stop();
      throw error;
    }
  }

  get locations() {
    return this.env.locations;
  }

  get clients() {
    return this.env.clients;
  }

  /** The variables both apps need to use this environment. */
  appEnvironment(): Record<string, string> {
    return appEnvironment(this.moto.endpoint, this.locations);
  }

  /** Provisions the same environment again, e.g. after `moto.restart()` lost it. */
  async reprovision(): Promise<void> {
    await provisionTestEnvironment(this.moto.endpoint, this.env.environment);
  }

  /** Starts a processor with `processorTestEnvironment` and these overrides, on a free port. */
  async startProcessor(overrides: Record<string, string | number> = {}): Promise<AppProcess> {
    const app = await AppProcess.start(
      'order-processor',
      processorTestEnvironment(this.moto.endpoint, this.locations, overrides),
      await freePort(),
    );
    this.processors.push(app);
    this.running.push(() => app.stop());
    return app;
  }

  /** Starts the built receiver as a process of its own (its logs count fulfilments too), on a free port. */
  async startReceiver(overrides: Record<string, string | number> = {}): Promise<AppProcess> {
    // Specs send bursts on purpose: the throttler would answer 429 to them.
    const env = {
      ...this.appEnvironment(),
      THROTTLE_LIMIT: 100000,
      CALLER_THROTTLE_LIMIT: 100000,
      ...overrides,
    };
    const app = await AppProcess.start(
      'order-receiver',
      Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)])),
      await freePort(),
    );
    this.running.push(() => app.stop());
    return app;
  }

  /**
   * A fault proxy in front of this moto server, stopped with the rest by `stop()`. An app
   * started with `AWS_ENDPOINT_URL: proxy.endpoint` makes its calls through it.
   */
  async startFaultProxy(): Promise<FaultProxy> {
    const proxy = await FaultProxy.start(this.moto.endpoint);
    this.proxies.push(proxy);
    return proxy;
  }

  /** The real receiver module in this process, initialised, for supertest. */
  async startInProcessReceiver(overrides: Record<string, string> = {}): Promise<NestFastifyApplication> {
    const app = await createReceiverApp({
      ...this.appEnvironment(),
      // Bursts of one caller on purpose: the per-caller limit would answer 429 to them.
      CALLER_THROTTLE_LIMIT: '100000',
      ...overrides,
    });
    await initForSupertest(app);
    this.running.push(() => app.close());
    return app;
  }

  /** supertest on an in-process receiver, with the harness's service token. */
  http(receiver: INestApplication) {
    return request.agent(receiver.getHttpServer()).set('Authorization', `Bearer ${this.token}`);
  }

  /** Runs the built dlq command (`show` or `redrive`) on this environment and returns its --json answer. */
  async dlq(command: 'show' | 'redrive', env: Record<string, string> = {}): Promise<unknown> {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [resolve(REPO_ROOT, 'dist/scripts/dlq/dlq.js'), command, '--json'],
      { env: { ...process.env, ...this.appEnvironment(), ...env } },
    );
    return JSON.parse(stdout) as unknown;
  }

  /**
   * Resumes the moto server, should a spec have left it paused; stops the fault proxies (a call
   * one holds would keep an app from closing); ends what was started, last first; then moto.
   */
  async stop(): Promise<void> {
    try {
      this.moto.resume();
    } catch {
      // not running
    }
    for (const proxy of this.proxies.splice(0)) await proxy.stop();
    for (const stop of this.running.splice(0).reverse()) await stop();
    await this.moto.stop();
  }

  /** Publishes one message to the topic, with the attributes the receiver gives it. */
  publish(body: object) {
    return this.clients.sns.send(
      new PublishCommand({
        TopicArn: this.locations.topicArn,
        Message: JSON.stringify(body),
        MessageAttributes: attributesOf(body),
      }),
    );
  }

  /** Publishes each body to the topic (10 per PublishBatch call), as the receiver would. */
  async publishAll(bodies: readonly object[]): Promise<void> {
    for (let i = 0; i < bodies.length; i += 10) {
      const chunk = bodies.slice(i, i + 10);
      const out = await this.clients.sns.send(
        new PublishBatchCommand({
          TopicArn: this.locations.topicArn,
          PublishBatchRequestEntries: chunk.map((body, j) => ({
            Id: String(j),
            Message: JSON.stringify(body),
            MessageAttributes: attributesOf(body),
          })),
        }),
      );
      if (out.Failed?.length) throw new Error(`publish failed: ${JSON.stringify(out.Failed)}`);
    }
  }

  /** Sends one message straight to the queue (or to `queueUrl`), with the attributes the receiver gives it. */
  send(body: object | string, queueUrl = this.locations.queueUrl) {
    return this.clients.sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: messageBody(body),
        MessageAttributes: attributesOf(body),
      }),
    );
  }

  /**
   * Sends one message straight to the queue as the receiver published it before orders were keyed
   * by customer: no orderKey attribute; a backstop with its hold.
   */
  sendLegacy(body: object, holdUntil?: number) {
    const hold: Record<string, MessageAttributeValue> =
      holdUntil === undefined
        ? {}
        : { [HOLD_UNTIL_ATTRIBUTE]: { DataType: 'Number', StringValue: String(holdUntil) } };
    return this.clients.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.locations.queueUrl,
        MessageBody: messageBody(body),
        MessageAttributes: hold,
      }),
    );
  }

  /** Sends the bodies straight to the queue, 10 per SendMessageBatch call. */
  async sendAll(bodies: readonly (object | string)[]): Promise<void> {
    for (let i = 0; i < bodies.length; i += 10) {
      await this.clients.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: this.locations.queueUrl,
          Entries: bodies.slice(i, i + 10).map((body, j) => ({
            Id: String(j),
            MessageBody: messageBody(body),
            MessageAttributes: attributesOf(body),
          })),
        }),
      );
    }
  }

  /** A `waitFor` probe: true once the queue holds nothing, visible or in flight. */
  async queueIsEmpty(): Promise<true | undefined> {
    const { Attributes = {} } = await this.clients.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: this.locations.queueUrl,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    const left =
      Number(Attributes.ApproximateNumberOfMessages) +
      Number(Attributes.ApproximateNumberOfMessagesNotVisible);
    return left === 0 ? true : undefined;
  }

  /** The messages in the queue now, left there (see `peekQueue`). */
  peekQueue(): Promise<Message[]> {
    return peekQueue(this.clients.sqs, this.locations.queueUrl);
  }

  /** The messages in the dead-letter queue now, left there. */
  peekDeadLetters(): Promise<Message[]> {
    return peekQueue(this.clients.sqs, this.locations.deadLetterQueueUrl);
  }

  /** The apps' repository on this environment's table: to put an order where a spec needs it. */
  orderRepository(): DynamoOrderRepository {
    return new DynamoOrderRepository(DynamoDBDocumentClient.from(this.clients.dynamo), {
      ORDERS_TABLE_NAME: this.locations.tableName,
    } as CommonConfig);
  }

  /** The order's item (consistent read), or undefined. */
  readOrder(key: OrderKey): Promise<StoredOrder | undefined> {
    return readOrder(this.clients.dynamo, this.locations.tableName, key);
  }

  /** Waits until the order's item has `status`; fails with the last item seen. */
  waitForStatus(key: OrderKey, status: string, timeoutMs?: number): Promise<StoredOrder> {
    return waitForOrderStatus(this.clients.dynamo, this.locations.tableName, key, status, timeoutMs);
  }

  /** Every item of the table (consistent reads), by orderId: the specs' orders have ids of their own. */
  async scanOrders(): Promise<Map<string, StoredOrder>> {
    const doc = DynamoDBDocumentClient.from(this.clients.dynamo);
    const items = new Map<string, StoredOrder>();
    let start: Record<string, unknown> | undefined;
    do {
      const out = await doc.send(
        new ScanCommand({
          TableName: this.locations.tableName,
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of (out.Items ?? []) as StoredOrder[]) items.set(item.orderId, item);
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }

  /**
   * Waits until every one of `orderIds` has `status` in the table; fails naming
   * the stragglers. Scans once a second: a scan of hundreds of items is real work
   * for moto, and the specs must not slow down the emulator they measure.
   */
  async waitForAllStatus(
    orderIds: readonly string[],
    status: string,
    timeoutMs: number,
  ): Promise<Map<string, StoredOrder>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const items = await this.scanOrders();
      const missing = orderIds.filter((id) => items.get(id)?.status !== status);
      if (missing.length === 0) return items;
      if (Date.now() > deadline) {
        const sample = missing.slice(0, 5).map((id) => `${id}: ${items.get(id)?.status ?? 'absent'}`);
        throw new Error(
          `after ${timeoutMs} ms, ${missing.length} of ${orderIds.length} orders are not ${status} ` +
            `(e.g. ${sample.join(', ')})`,
        );
      }
      await sleep(1000);
    }
  }
}

/** The attributes the receiver publishes a body with; a body that is no order gets the key's mark alone. */
function attributesOf(body: object | string) {
  const orderId = typeof body === 'object' ? (body as { orderId?: unknown }).orderId : undefined;
  const attributes = orderMessageAttributes({ orderId: typeof orderId === 'string' ? orderId : '' });
  return typeof orderId === 'string'
    ? attributes
    : { [ORDER_KEY_ATTRIBUTE]: attributes[ORDER_KEY_ATTRIBUTE] };
}

function messageBody(body: object | string): string {
  return typeof body === 'string' ? body : JSON.stringify(body);
}

/** Waits until GET `url` answers `status` (a network error counts as 0). */
export function waitForHttpStatus(
  url: string,
  status: number,
  timeoutMs: number,
  what: string,
): Promise<true> {
  return waitFor(async () => ((await httpGet(url)).status === status ? true : undefined), timeoutMs, what);
}

/**
 * The message `promise` fails with, or undefined once it succeeds: for waits
 * whose outcome is asserted after the spec's figures are printed either way.
 */
export function errorOf(promise: Promise<unknown>): Promise<string | undefined> {
  return promise.then(
    () => undefined,
    (error: Error) => error.message,
  );
}

/*
 * Fulfilment counts. A fulfilment that runs to its end logs "order fulfilled"
 * once, in whichever process ran it (the receiver too: the sync endpoint
 * fulfils inline), so counting those lines across all processes counts
 * fulfilments.
 */

/** "order fulfilled" lines per orderId, over all the processes. */
export function fulfilmentCounts(processes: readonly AppProcess[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const p of processes) {
    for (const line of p.lines('order fulfilled')) {
      counts.set(line.orderId!, (counts.get(line.orderId!) ?? 0) + 1);
    }
  }
  return counts;
}

/** The idempotency keys each order was fulfilled under, over all the processes. */
export function fulfilmentKeys(processes: readonly AppProcess[]): Map<string, Set<string>> {
  const keys = new Map<string, Set<string>>();
  for (const p of processes) {
    for (const line of p.lines('order fulfilled')) {
      const set = keys.get(line.orderId!) ?? new Set<string>();
      set.add(String(line.idempotencyKey));
      keys.set(line.orderId!, set);
    }
  }
  return keys;
}

/** Waits (on the logs, which costs the emulator nothing) until each of `orderIds` was fulfilled somewhere. */
export async function waitForFulfilments(
  processes: readonly AppProcess[],
  orderIds: readonly string[],
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const counts = fulfilmentCounts(processes);
    const missing = orderIds.filter((id) => !counts.has(id));
    if (missing.length === 0) return;
    if (Date.now() > deadline) {
      throw new Error(
        `after ${timeoutMs} ms, ${missing.length} of ${orderIds.length} orders were never fulfilled ` +
          `(e.g. ${missing.slice(0, 5).join(', ')})`,
      );
    }
    await sleep(200);
  }
}

/** The figures the exactly-once checks assert and print. */
export interface FulfilmentFigures {
  /** Orders of `orderIds` fulfilled at least once. */
  readonly fulfilled: number;
  /** "order fulfilled" lines for `orderIds`, in total. */
  readonly fulfilments: number;
  readonly maxPerOrder: number;
  /** Orders fulfilled more than once, with their counts. */
  readonly twice: Record<string, number>;
  /** Orders never fulfilled. */
  readonly never: string[];
}

export function fulfilmentFigures(
  processes: readonly AppProcess[],
  orderIds: readonly string[],
): FulfilmentFigures {
  const counts = fulfilmentCounts(processes);
  const per = orderIds.map((id) => [id, counts.get(id) ?? 0] as const);
  return {
    fulfilled: per.filter(([, n]) => n > 0).length,
    fulfilments: per.reduce((sum, [, n]) => sum + n, 0),
    maxPerOrder: Math.max(0, ...per.map(([, n]) => n)),
    twice: Object.fromEntries(per.filter(([, n]) => n > 1)),
    never: per.filter(([, n]) => n === 0).map(([id]) => id),
  };
}

/** Counts of each value, e.g. HTTP statuses: `{ 202: 180, 503: 20 }`. */
export function tally<T extends string | number>(values: readonly T[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[String(v)] = (out[String(v)] ?? 0) + 1;
  return out;
}
