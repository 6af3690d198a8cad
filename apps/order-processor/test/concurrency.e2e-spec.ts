import { AppProcess, testOrder } from '@app/testing';
import { ProcessorHarness } from './processor-harness';

const ORDERS = 50;
const PROCESSING_TIME_MS = 1000;

/**
 * PROCESSOR_CONCURRENCY orders really run at once: 50 one-second orders on 50
 * slots take a few seconds, not 50. The bound is loose on purpose (a slow CI
 * machine passes it); a processor that ran them one by one, or one batch per
 * consumer at a time, cannot.
 */
describe('order-processor: concurrency', () => {
  let h: ProcessorHarness;
  let processor: AppProcess;

  beforeAll(async () => {
    h = await ProcessorHarness.start();
    processor = await h.startProcessor({
      PROCESSOR_CONCURRENCY: ORDERS,
      PROCESSING_TIME_MS,
      VISIBILITY_TIMEOUT_SECONDS: 10,
    });
    await processor.waitForLines('order consumers started', 1);
  });

  afterAll(async () => {
    await h?.stop();
  });

  it(`completes ${ORDERS} orders of ${PROCESSING_TIME_MS} ms each in well under ${ORDERS} s`, async () => {
    const orders = Array.from({ length: ORDERS }, () => testOrder());
    const started = Date.now();
    await h.sendAll(orders);
    await Promise.all(orders.map((o) => h.waitForStatus(o.orderId, 'COMPLETED', 60000)));
    const elapsedMs = Date.now() - started;

    expect(elapsedMs).toBeLessThan(15000);
    for (const o of orders) expect(processor.lines('order fulfilled', o.orderId)).toHaveLength(1);
  });
});
