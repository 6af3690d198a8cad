import { SendMessageCommand } from '@aws-sdk/client-sqs';
import {
  AppProcess,
  freePort,
  httpGet,
  MotoServer,
  peekQueue,
  processorTestEnvironment,
  provisionTestEnvironment,
  testOrder,
  waitFor,
  waitForOrderStatus,
} from '@app/testing';

/**
 * DynamoDB and SQS unreachable: the processor keeps running, answers 503 on
 * /health, and recovers by itself once they are back, without an order lost
 * or pushed into the dead-letter queue by the outage.
 */
describe('order-processor: DynamoDB and SQS outages', () => {
  let moto: MotoServer;
  let env: Awaited<ReturnType<typeof provisionTestEnvironment>>;
  let processor: AppProcess;
  let healthUrl: string;

  const start = async (overrides: Record<string, number> = {}) => {
    const port = await freePort();
    healthUrl = `http://127.0.0.1:${port}/health`;
    processor = await AppProcess.start(
      'order-processor',
      processorTestEnvironment(moto.endpoint, env.locations, overrides),
      port,
    );
    await waitForHealth(200);
  };
  const waitForHealth = (status: number, timeoutMs = 30000) =>
    waitFor(
      async () => ((await httpGet(healthUrl)).status === status ? true : undefined),
      timeoutMs,
      `processor /health to answer ${status}`,
    );
  const send = (order: object) =>
    env.clients.sqs.send(
      new SendMessageCommand({ QueueUrl: env.locations.queueUrl, MessageBody: JSON.stringify(order) }),
    );

  beforeEach(async () => {
    moto = await MotoServer.start();
    env = await provisionTestEnvironment(moto.endpoint);
  });

  afterEach(async () => {
    await processor?.stop();
    await moto?.stop();
  });

  it('reports 503 while the emulator is down and recovers by itself when it is back', async () => {
    await start();
    await moto.stop();

    await waitForHealth(503);
    const down = JSON.parse((await httpGet(healthUrl)).text) as {
      details: Record<string, { status: string }>;
    };
    expect(down.details.dynamodb.status).toBe('down');
    // Receives fail too; the consumers report it once the failures repeat.
    await waitFor(async () => {
      const body = JSON.parse((await httpGet(healthUrl)).text) as {
        details: Record<string, { status: string }>;
      };
      return body.details.consumers?.status === 'down' ? true : undefined;
    });
    expect(processor.pid).toBeDefined();
    expect(await Promise.race([processor.exited, Promise.resolve('running')])).toBe('running');

    await moto.restart();
    await provisionTestEnvironment(moto.endpoint, env.environment);
    await waitForHealth(200);

    const order = testOrder();
    await send(order);
    await waitForOrderStatus(env.clients.dynamo, env.locations.tableName, order.orderId, 'COMPLETED');
    expect(processor.lines('order fulfilled', order.orderId)).toHaveLength(1);
    const metrics = (await httpGet(healthUrl.replace('/health', '/metrics'))).text;
    expect(Number(/^sqs_receive_errors_total (\d+)/m.exec(metrics)?.[1])).toBeGreaterThan(0);
  });

  it('completes an order that was in flight while the emulator hung, exactly once', async () => {
    await start({ PROCESSING_TIME_MS: 1500, VISIBILITY_TIMEOUT_SECONDS: 20 });
    const order = testOrder();
    await send(order);
    await processor.waitForLines('order processing started', 1);

    moto.pause();
    try {
      await waitForHealth(503);
    } finally {
      moto.resume();
    }

    await waitForOrderStatus(env.clients.dynamo, env.locations.tableName, order.orderId, 'COMPLETED');
    await waitForHealth(200);
    expect(processor.lines('order fulfilled', order.orderId)).toHaveLength(1);
    await waitFor(async () =>
      (await peekQueue(env.clients.sqs, env.locations.queueUrl)).length === 0 ? true : undefined,
    );
    expect(await peekQueue(env.clients.sqs, env.locations.deadLetterQueueUrl)).toHaveLength(0);
  });
});
