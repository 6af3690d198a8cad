import { AppProcess, testOrder } from '@app/testing';
import { ProcessorHarness } from './processor-harness';

const CONCURRENCY = 100;
const ORDERS = 200;

/**
 * More workers than the backend takes at once. moto applies DynamoDB writes one at a time
 * (~35 ms of CPU per claim): unbounded, 100 workers claiming together queue their calls past the
 * SDK's timeouts (a call waiting for a socket counts its wait), and the timed-out attempts are
 * retried, piling on more. With DynamoDB calls bounded in the app (DYNAMODB_MAX_IN_FLIGHT), the
 * backlog drains at the emulator's pace, every order on its first attempt.
 */
describe('order-processor: a backlog with more workers than the emulator takes at once', () => {
  let h: ProcessorHarness;
  let processor: AppProcess;

  beforeAll(async () => {
    h = await ProcessorHarness.start();
    processor = await h.startProcessor({
      PROCESSOR_CONCURRENCY: CONCURRENCY,
      PROCESSING_TIME_MS: 0,
      // Little's law: 100 orders in flight at the emulator's ~10–25 orders/s is 4–10 s per order.
      VISIBILITY_TIMEOUT_SECONDS: 30,
      // moto applies writes one at a time, so fewer on the wire cost no throughput, and on a machine
      // busy enough to make each take 150 ms, 4 calls ahead still answer well inside the 3 s timeout
      // (16 did not: 14 of 200 orders timed out into a second attempt under stress-ng).
      DYNAMODB_MAX_IN_FLIGHT: 4,
    });
    await processor.waitForLines('order consumers started', 1);
  });

  afterAll(async () => {
    await h?.stop();
  });

  it(`completes ${ORDERS} orders at PROCESSOR_CONCURRENCY=${CONCURRENCY}, each on its first attempt`, async () => {
    const orders = Array.from({ length: ORDERS }, () => testOrder());
    await h.sendAll(orders);
    const items = await h.waitForAllStatus(
      orders.map((o) => o.orderId),
      'COMPLETED',
      240000,
    );
    const metrics = await (await fetch(`${processor.url}/metrics`)).text();
    const outcomes = [...metrics.matchAll(/^orders_total\{outcome="(\w+)",channel="async"\} (\d+)$/gm)]
      .filter(([, , count]) => Number(count) > 0)
      .map(([, outcome, count]) => `${outcome}: ${count}`);
    expect(outcomes).toEqual([`completed: ${ORDERS}`]);
    expect(orders.filter((o) => items.get(o.orderId)?.attempts !== 1).map((o) => o.orderId)).toEqual([]);
    expect(processor.lines('order fulfilled')).toHaveLength(ORDERS);
  });
});
