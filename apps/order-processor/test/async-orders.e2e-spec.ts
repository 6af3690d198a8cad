import { INestApplication } from '@nestjs/common';
import { PublishCommand } from '@aws-sdk/client-sns';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import request from 'supertest';
import {
  AppProcess,
  appEnvironment,
  freePort,
  httpGet,
  MotoServer,
  peekQueue,
  processorTestEnvironment,
  provisionTestEnvironment,
  readOrder,
  testOrder,
  waitFor,
  waitForOrderStatus,
} from '@app/testing';
import { createReceiverApp } from '../../order-receiver/src/receiver.app';

/** The happy path through the real receiver, duplicates, malformed messages and /metrics. */
describe('order-processor: async orders', () => {
  let moto: MotoServer;
  let env: Awaited<ReturnType<typeof provisionTestEnvironment>>;
  let receiver: INestApplication;
  let processor: AppProcess;
  let processorUrl: string;

  beforeAll(async () => {
    moto = await MotoServer.start();
    env = await provisionTestEnvironment(moto.endpoint);
    receiver = await createReceiverApp({
      ...appEnvironment(moto.endpoint, env.locations),
      LOG_LEVEL: 'silent',
    });
    await receiver.init();
    const port = await freePort();
    processorUrl = `http://127.0.0.1:${port}`;
    processor = await AppProcess.start(
      'order-processor',
      processorTestEnvironment(moto.endpoint, env.locations, { PROCESSING_TIME_MS: 100 }),
      port,
    );
  });

  afterAll(async () => {
    await processor?.stop();
    await receiver?.close();
    await moto?.stop();
  });

  const table = () => env.locations.tableName;

  it('completes an order accepted by POST /orders/async', async () => {
    const order = testOrder();
    await request(receiver.getHttpServer()).post('/orders/async').send(order).expect(202);

    const stored = await waitForOrderStatus(env.clients.dynamo, table(), order.orderId, 'COMPLETED');
    expect(stored).toMatchObject({ status: 'COMPLETED', attempts: 1, totalAmount: 19 });
    expect(stored.leaseOwner).toBeUndefined();
    expect(stored.expiresAt).toBeUndefined();
    const res = await request(receiver.getHttpServer()).get(`/orders/${order.orderId}`).expect(200);
    expect(res.body).toMatchObject({ orderId: order.orderId, status: 'COMPLETED' });
    expect(processor.lines('order fulfilled', order.orderId)).toHaveLength(1);
  });

  it('fulfils an order delivered twice only once', async () => {
    const order = testOrder();
    const publish = () =>
      env.clients.sns.send(
        new PublishCommand({ TopicArn: env.locations.topicArn, Message: JSON.stringify(order) }),
      );
    const send = () =>
      env.clients.sqs.send(
        new SendMessageCommand({ QueueUrl: env.locations.queueUrl, MessageBody: JSON.stringify(order) }),
      );
    // Four deliveries at once on four slots: they race for the claim.
    await Promise.all([publish(), publish(), send(), send()]);

    await waitForOrderStatus(env.clients.dynamo, table(), order.orderId, 'COMPLETED');
    // All four deliveries handled: one fulfilment, three acknowledged duplicates (some busy first).
    await waitFor(
      async () =>
        processor.lines('duplicate delivery acknowledged', order.orderId).length === 3 ? true : undefined,
      20000,
      'the three duplicates to be acknowledged',
    );
    expect(processor.lines('order fulfilled', order.orderId)).toHaveLength(1);
    expect(await readOrder(env.clients.dynamo, table(), order.orderId)).toMatchObject({
      status: 'COMPLETED',
      attempts: 1,
    });
    expect(await peekQueue(env.clients.sqs, env.locations.queueUrl)).toHaveLength(0);
  });

  it('dead-letters malformed messages with a reason and keeps processing good ones', async () => {
    const { items } = testOrder();
    const bad = [
      '{not json',
      JSON.stringify({ customerId: 'c-1', items }),
      JSON.stringify({ orderId: 'x-1', items: [] }),
    ];
    for (const body of bad) {
      await env.clients.sqs.send(
        new SendMessageCommand({ QueueUrl: env.locations.queueUrl, MessageBody: body }),
      );
    }
    const good = testOrder();
    await env.clients.sqs.send(
      new SendMessageCommand({ QueueUrl: env.locations.queueUrl, MessageBody: JSON.stringify(good) }),
    );

    await waitForOrderStatus(env.clients.dynamo, table(), good.orderId, 'COMPLETED');
    const dead = await waitFor(async () => {
      const messages = await peekQueue(env.clients.sqs, env.locations.deadLetterQueueUrl);
      return messages.length >= bad.length ? messages : undefined;
    });
    expect(dead.map((m) => m.Body).sort()).toEqual([...bad].sort());
    const reasons = Object.fromEntries(
      dead.map((m) => [m.Body, m.MessageAttributes?.failureReason?.StringValue]),
    );
    expect(reasons[bad[0]]).toMatch(/malformed message: body is not valid JSON/);
    expect(reasons[bad[1]]).toMatch(/orderId is required/);
    expect(reasons[bad[2]]).toMatch(/items must contain at least 1 elements/);
    expect(await readOrder(env.clients.dynamo, table(), 'x-1')).toBeUndefined();
    expect(await peekQueue(env.clients.sqs, env.locations.queueUrl)).toHaveLength(0);
  });

  it('exposes orders processed and failed, in flight, latency and receive errors on /metrics', async () => {
    const { status, text } = await httpGet(`${processorUrl}/metrics`);
    expect(status).toBe(200);
    const value = (pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? NaN);
    // Earlier tests in this file completed 3 orders and dead-lettered 3 malformed messages.
    expect(value(/^orders_total\{outcome="completed",channel="async"\} (\d+)/m)).toBe(3);
    expect(value(/^orders_total\{outcome="dead_lettered",channel="async"\} (\d+)/m)).toBe(3);
    expect(value(/^orders_total\{outcome="duplicate",channel="async"\} (\d+)/m)).toBe(3);
    expect(text).toMatch(/^# TYPE orders_total counter/m);
    expect(value(/^orders_in_flight (\d+)/m)).toBe(0);
    expect(value(/^order_processing_duration_seconds_count\{outcome="completed"\} (\d+)/m)).toBe(3);
    expect(text).toMatch(/^order_processing_duration_seconds_bucket\{le="0\.5",outcome="completed"\} \d+/m);
    expect(value(/^sqs_receive_errors_total (\d+)/m)).toBe(0);
  });
});
