import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import {
  AppProcess,
  freePort,
  MotoServer,
  processorTestEnvironment,
  provisionTestEnvironment,
  readOrder,
  testOrder,
  waitForOrderStatus,
} from '@app/testing';

/**
 * kill -9 leaves orders PROCESSING under a lease nobody renews and their
 * messages hidden. After VISIBILITY_TIMEOUT_SECONDS both lapse: the messages
 * come back, a new process takes over the expired leases, and every order is
 * fulfilled exactly once across both processes.
 */
describe('order-processor: crash recovery', () => {
  let moto: MotoServer;
  let env: Awaited<ReturnType<typeof provisionTestEnvironment>>;
  const processors: AppProcess[] = [];

  const start = async () => {
    const overrides = { PROCESSOR_CONCURRENCY: 4, PROCESSING_TIME_MS: 4000, VISIBILITY_TIMEOUT_SECONDS: 3 };
    const app = await AppProcess.start(
      'order-processor',
      processorTestEnvironment(moto.endpoint, env.locations, overrides),
      await freePort(),
    );
    processors.push(app);
    return app;
  };

  beforeAll(async () => {
    moto = await MotoServer.start();
    env = await provisionTestEnvironment(moto.endpoint);
  });

  afterAll(async () => {
    for (const p of processors) await p.stop();
    await moto?.stop();
  });

  it('completes every order exactly once after kill -9 and a restart', async () => {
    const orders = Array.from({ length: 6 }, () => testOrder());
    const first = await start();
    await env.clients.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: env.locations.queueUrl,
        Entries: orders.map((o, i) => ({ Id: String(i), MessageBody: JSON.stringify(o) })),
      }),
    );
    // Four in flight (the concurrency), two still queued.
    await first.waitForLines('order processing started', 4);
    first.kill('SIGKILL');
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });

    // Long orders, so none finished before the kill even on a loaded machine; checked, not assumed.
    const inFlight = first.lines('order processing started').map((l) => l.orderId!);
    expect(first.lines('order fulfilled')).toEqual([]);
    for (const orderId of inFlight) {
      expect(await readOrder(env.clients.dynamo, env.locations.tableName, orderId)).toMatchObject({
        status: 'PROCESSING',
        leaseOwner: expect.any(String),
      });
    }

    const second = await start();
    for (const o of orders) {
      await waitForOrderStatus(env.clients.dynamo, env.locations.tableName, o.orderId, 'COMPLETED', 60000);
    }
    for (const o of orders) {
      const fulfilled = [
        ...first.lines('order fulfilled', o.orderId),
        ...second.lines('order fulfilled', o.orderId),
      ];
      expect({ orderId: o.orderId, fulfilments: fulfilled.length }).toEqual({
        orderId: o.orderId,
        fulfilments: 1,
      });
    }
    // The ones in flight at the kill were taken over: a second attempt on an expired lease.
    for (const orderId of inFlight) {
      expect(second.lines('order processing started', orderId)).toEqual([
        expect.objectContaining({ attempt: 2 }),
      ]);
    }
  });
});
