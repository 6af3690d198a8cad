import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import {
  AppProcess,
  freePort,
  MotoServer,
  processorTestEnvironment,
  provisionTestEnvironment,
  testOrder,
  waitForOrderStatus,
} from '@app/testing';

const ORDERS = 50;
const PROCESSING_TIME_MS = 1000;

/**
 * PROCESSOR_CONCURRENCY orders really run at once: 50 one-second orders on 50
 * slots take a few seconds, not 50. The bound is loose on purpose (a slow CI
 * machine passes it); a processor that ran them one by one, or one batch per
 * consumer at a time, cannot.
 */
describe('order-processor: concurrency', () => {
  let moto: MotoServer;
  let env: Awaited<ReturnType<typeof provisionTestEnvironment>>;
  let processor: AppProcess;

  beforeAll(async () => {
    moto = await MotoServer.start();
    env = await provisionTestEnvironment(moto.endpoint);
    processor = await AppProcess.start(
      'order-processor',
      processorTestEnvironment(moto.endpoint, env.locations, {
        PROCESSOR_CONCURRENCY: ORDERS,
        PROCESSING_TIME_MS,
        VISIBILITY_TIMEOUT_SECONDS: 10,
      }),
      await freePort(),
    );
    await processor.waitForLines('order consumers started', 1);
  });

  afterAll(async () => {
    await processor?.stop();
    await moto?.stop();
  });

  it(`completes ${ORDERS} orders of ${PROCESSING_TIME_MS} ms each in well under ${ORDERS} s`, async () => {
    const orders = Array.from({ length: ORDERS }, () => testOrder());
    const started = Date.now();
    for (let i = 0; i < orders.length; i += 10) {
      await env.clients.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: env.locations.queueUrl,
          Entries: orders.slice(i, i + 10).map((o, j) => ({ Id: String(j), MessageBody: JSON.stringify(o) })),
        }),
      );
    }
    await Promise.all(
      orders.map((o) =>
        waitForOrderStatus(env.clients.dynamo, env.locations.tableName, o.orderId, 'COMPLETED', 60000),
      ),
    );
    const elapsedMs = Date.now() - started;

    expect(elapsedMs).toBeLessThan(15000);
    for (const o of orders) expect(processor.lines('order fulfilled', o.orderId)).toHaveLength(1);
  });
});
