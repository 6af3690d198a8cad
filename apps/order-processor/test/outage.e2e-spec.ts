import { AppProcess, httpGet, testOrder, waitFor } from '@app/testing';
import { ProcessorHarness, waitForHttpStatus } from './processor-harness';

/**
 * DynamoDB and SQS unreachable: the processor keeps running, answers 503 on
 * /health, and recovers by itself once they are back, without an order lost
 * or pushed into the dead-letter queue by the outage.
 */
describe('order-processor: DynamoDB and SQS outages', () => {
  let h: ProcessorHarness;
  let processor: AppProcess;
  let healthUrl: string;

  const start = async (overrides: Record<string, number> = {}) => {
    processor = await h.startProcessor(overrides);
    healthUrl = `${processor.url}/health`;
    await waitForHealth(200);
  };
  const waitForHealth = (status: number, timeoutMs = 30000) =>
    waitForHttpStatus(healthUrl, status, timeoutMs, `processor /health to answer ${status}`);

  beforeEach(async () => {
    h = await ProcessorHarness.start();
  });

  afterEach(async () => {
    await h?.stop();
  });

  it('reports 503 while the emulator is down and recovers by itself when it is back', async () => {
    await start();
    await h.moto.stop();

    await waitForHealth(503);
    // Readiness answers from a probe at most READINESS_CACHE_MS old: DynamoDB shows down within that.
    const down = await waitFor(async () => {
      const body = JSON.parse((await httpGet(healthUrl)).text) as {
        details: Record<string, { status: string }>;
      };
      return body.details.dynamodb?.status === 'down' ? body : undefined;
    }, 20000);
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

    await h.moto.restart();
    await h.reprovision();
    await waitForHealth(200);

    const order = testOrder();
    await h.send(order);
    await h.waitForStatus(order, 'COMPLETED');
    expect(processor.lines('order fulfilled', order.orderId)).toHaveLength(1);
    const metrics = (await httpGet(healthUrl.replace('/health', '/metrics'))).text;
    expect(Number(/^sqs_receive_errors_total (\d+)/m.exec(metrics)?.[1])).toBeGreaterThan(0);
  });

  it('completes an order that was in flight while the emulator hung, exactly once', async () => {
    await start({ PROCESSING_TIME_MS: 1500, VISIBILITY_TIMEOUT_SECONDS: 20 });
    const order = testOrder();
    await h.send(order);
    await processor.waitForLines('order processing started', 1);

    h.moto.pause();
    try {
      await waitForHealth(503);
    } finally {
      h.moto.resume();
    }

    await h.waitForStatus(order, 'COMPLETED');
    await waitForHealth(200);
    expect(processor.lines('order fulfilled', order.orderId)).toHaveLength(1);
    await waitFor(async () => ((await h.peekQueue()).length === 0 ? true : undefined));
    expect(await h.peekDeadLetters()).toHaveLength(0);
  });
});
