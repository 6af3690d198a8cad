import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { MESSAGING_SETTINGS } from '@app/aws-resources';
import { testOrder } from '@app/testing';
import { ProcessorHarness } from './processor-harness';

/**
 * SIGTERM (also Fargate Spot's two-minute notice) stops receiving, lets
 * in-flight orders finish within SHUTDOWN_TIMEOUT_MS, releases the rest for
 * another worker, and exits 0. Nothing is lost either way.
 */
describe('order-processor: graceful shutdown', () => {
  let h: ProcessorHarness;
  const start = (overrides: Record<string, number>) =>
    h.startProcessor({ PROCESSOR_CONCURRENCY: 3, ...overrides });
  const enqueue = async (count: number) => {
    const orders = Array.from({ length: count }, () => testOrder());
    await h.sendAll(orders);
    return orders;
  };
  const fulfilments = (orderId: string) =>
    h.processors.flatMap((p) => p.lines('order fulfilled', orderId)).length;

  beforeEach(async () => {
    h = await ProcessorHarness.start();
  });

  afterEach(async () => {
    await h?.stop();
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
      expect(await h.readOrder(testOrder(orderId))).toMatchObject({ status: 'COMPLETED' });
    }
    expect(processor.lines('drain complete')).toEqual([
      expect.objectContaining({ finished: 3, released: 0 }),
    ]);
    // The two it never started are still queued.
    const queued = orders.filter((o) => !inFlight.includes(o.orderId));
    const left = await h.peekQueue();
    expect(left.map((m) => JSON.parse(m.Body!).orderId).sort()).toEqual(queued.map((o) => o.orderId).sort());

    await start({ PROCESSING_TIME_MS: 100 });
    for (const o of queued) await h.waitForStatus(o, 'COMPLETED');
    for (const o of orders) expect(fulfilments(o.orderId)).toBe(1);
  });

  // An impatient operator presses Ctrl-C twice; an orchestrator may repeat its SIGTERM.
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'ignores a second %s during the drain: the in-flight order finishes and the process exits 0 by itself',
    async (signal) => {
      const processor = await start({ PROCESSING_TIME_MS: 4000, SHUTDOWN_TIMEOUT_MS: 30000 });
      const [order] = await enqueue(1);
      await processor.waitForLines('order processing started', 1);
      processor.kill(signal);
      await processor.waitForLines('shutting down: draining in-flight orders', 1);
      processor.kill(signal);

      expect(await processor.exited).toEqual({ code: 0, signal: null });
      // The repeat reached the process while it drained, and it said it ignored it.
      expect(processor.lines('signal ignored: already shutting down')).toEqual([
        expect.objectContaining({ signal }),
      ]);
      expect(processor.lines('drain complete')).toEqual([
        expect.objectContaining({ finished: 1, released: 0 }),
      ]);
      expect(await h.readOrder(order)).toMatchObject({ status: 'COMPLETED' });
      expect(fulfilments(order.orderId)).toBe(1);
    },
  );

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
      const stored = await h.readOrder(o);
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
      const done = await h.waitForStatus(o, 'COMPLETED');
      expect(done.attempts).toBe(2);
      expect(fulfilments(o.orderId)).toBe(1);
    }
  });

  it('requeues an order interrupted on its last receive instead of leaving it to SQS dead-lettering', async () => {
    const [order] = await enqueue(1);
    // Use up all receives but the last, as earlier interrupted attempts would have.
    for (let i = 1; i < MESSAGING_SETTINGS.maxReceiveCount; i++) {
      const { Messages = [] } = await h.clients.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: h.locations.queueUrl,
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
    await h.waitForStatus(order, 'COMPLETED', 15000);
    expect(fulfilments(order.orderId)).toBe(1);
    expect(await h.peekDeadLetters()).toHaveLength(0);
  });
});
