import { ReceiveMessageCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { MESSAGING_SETTINGS } from '@app/aws-resources';
import {
  AppProcess,
  freePort,
  MotoServer,
  peekQueue,
  processorTestEnvironment,
  provisionTestEnvironment,
  readOrder,
  testOrder,
  waitForOrderStatus,
} from '@app/testing';

/**
 * SIGTERM (also Fargate Spot's two-minute notice) stops receiving, lets
 * in-flight orders finish within SHUTDOWN_TIMEOUT_MS, releases the rest for
 * another worker, and exits 0. Nothing is lost either way.
 */
describe('order-processor: graceful shutdown', () => {
  let moto: MotoServer;
  let env: Awaited<ReturnType<typeof provisionTestEnvironment>>;
  const processors: AppProcess[] = [];

  const start = async (overrides: Record<string, number>) => {
    const app = await AppProcess.start(
      'order-processor',
      processorTestEnvironment(moto.endpoint, env.locations, { PROCESSOR_CONCURRENCY: 3, ...overrides }),
      await freePort(),
    );
    processors.push(app);
    return app;
  };
  const enqueue = async (count: number) => {
    const orders = Array.from({ length: count }, () => testOrder());
    await env.clients.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: env.locations.queueUrl,
        Entries: orders.map((o, i) => ({ Id: String(i), MessageBody: JSON.stringify(o) })),
      }),
    );
    return orders;
  };
  const fulfilments = (orderId: string) =>
    processors.flatMap((p) => p.lines('order fulfilled', orderId)).length;

  beforeEach(async () => {
    moto = await MotoServer.start();
    env = await provisionTestEnvironment(moto.endpoint);
  });

  afterEach(async () => {
    for (const p of processors.splice(0)) await p.stop();
    await moto?.stop();
  });

  it('finishes in-flight orders on SIGTERM, exits 0 and leaves queued orders for the next process', async () => {
    const processor = await start({ PROCESSING_TIME_MS: 2000, SHUTDOWN_TIMEOUT_MS: 20000 });
    const orders = await enqueue(5);
    await processor.waitForLines('order processing started', 3);
    processor.kill('SIGTERM');

    expect(await processor.exited).toEqual({ code: 0, signal: null });
    const inFlight = processor.lines('order processing started').map((l) => l.orderId!);
    expect(inFlight).toHaveLength(3);
    for (const orderId of inFlight) {
      expect(await readOrder(env.clients.dynamo, env.locations.tableName, orderId)).toMatchObject({
        status: 'COMPLETED',
      });
    }
    expect(processor.lines('drain complete')).toEqual([
      expect.objectContaining({ finished: 3, released: 0 }),
    ]);
    // The two it never started are still queued.
    const queued = orders.filter((o) => !inFlight.includes(o.orderId));
    const left = await peekQueue(env.clients.sqs, env.locations.queueUrl);
    expect(left.map((m) => JSON.parse(m.Body!).orderId).sort()).toEqual(queued.map((o) => o.orderId).sort());

    await start({ PROCESSING_TIME_MS: 100 });
    for (const o of queued) {
      await waitForOrderStatus(env.clients.dynamo, env.locations.tableName, o.orderId, 'COMPLETED');
    }
    for (const o of orders) expect(fulfilments(o.orderId)).toBe(1);
  });

  it('releases unfinished orders when SHUTDOWN_TIMEOUT_MS runs out, exits 0, and a restart completes them', async () => {
    const processor = await start({ PROCESSING_TIME_MS: 4000, SHUTDOWN_TIMEOUT_MS: 500 });
    const orders = await enqueue(3);
    await processor.waitForLines('order processing started', 3);
    processor.kill('SIGTERM');

    expect(await processor.exited).toEqual({ code: 0, signal: null });
    expect(processor.lines('drain complete')).toEqual([
      expect.objectContaining({ finished: 0, released: 3 }),
    ]);
    for (const o of orders) {
      const stored = await readOrder(env.clients.dynamo, env.locations.tableName, o.orderId);
      expect(stored).toMatchObject({
        status: 'PROCESSING',
        leaseExpiresAt: 0,
        lastError: 'interrupted by shutdown',
      });
      expect(stored?.leaseOwner).toBeUndefined();
    }
    expect(processor.lines('order fulfilled')).toHaveLength(0);

    await start({ PROCESSING_TIME_MS: 100 });
    for (const o of orders) {
      const done = await waitForOrderStatus(
        env.clients.dynamo,
        env.locations.tableName,
        o.orderId,
        'COMPLETED',
      );
      expect(done.attempts).toBe(2);
      expect(fulfilments(o.orderId)).toBe(1);
    }
  });

  it('requeues an order interrupted on its last receive instead of leaving it to SQS dead-lettering', async () => {
    const [order] = await enqueue(1);
    // Use up all receives but the last, as earlier interrupted attempts would have.
    for (let i = 1; i < MESSAGING_SETTINGS.maxReceiveCount; i++) {
      const { Messages = [] } = await env.clients.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: env.locations.queueUrl,
          VisibilityTimeout: 0,
          WaitTimeSeconds: 1,
        }),
      );
      expect(Messages).toHaveLength(1);
    }
    const processor = await start({ PROCESSING_TIME_MS: 4000, SHUTDOWN_TIMEOUT_MS: 300 });
    await processor.waitForLines('order processing started', 1);
    processor.kill('SIGTERM');
    expect(await processor.exited).toEqual({ code: 0, signal: null });

    await start({ PROCESSING_TIME_MS: 100 });
    await waitForOrderStatus(env.clients.dynamo, env.locations.tableName, order.orderId, 'COMPLETED', 15000);
    expect(fulfilments(order.orderId)).toBe(1);
    expect(await peekQueue(env.clients.sqs, env.locations.deadLetterQueueUrl)).toHaveLength(0);
  });
});
