import { AppProcess, testOrder } from '@app/testing';
import { ProcessorHarness } from './processor-harness';

const ORDERS = 50;
const PROCESSING_TIME_MS = 1000;
/** A processor that ran orders one by one would show 1; moto's pace on a busy machine still allows far more. */
const MIN_PEAK_IN_FLIGHT = 10;

/**
 * PROCESSOR_CONCURRENCY orders really run at once. Judged from the processor's
 * own log (each order's start and end), not from wall-clock time, which a busy
 * machine stretches: the peak number of orders mid-fulfilment at one instant.
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

  it(`runs up to ${ORDERS} orders of ${PROCESSING_TIME_MS} ms at once, each fulfilled once`, async () => {
    const orders = Array.from({ length: ORDERS }, () => testOrder());
    await h.sendAll(orders);
    await h.waitForAllStatus(
      orders.map((o) => o.orderId),
      'COMPLETED',
      90000,
    );

    const peak = peakInFlight(processor);
    console.log(`concurrency: peak ${peak} orders in flight at once (PROCESSOR_CONCURRENCY ${ORDERS})`);
    expect(peak).toBeGreaterThanOrEqual(MIN_PEAK_IN_FLIGHT);
    expect(peak).toBeLessThanOrEqual(ORDERS);
    for (const o of orders) expect(processor.lines('order fulfilled', o.orderId)).toHaveLength(1);
  });

  it('warns of no listener leak with many orders in flight (one abort signal per order)', () => {
    expect(processor.logs.filter((l) => /MaxListenersExceededWarning/.test(String(l.msg)))).toEqual([]);
  });
});

/** The most orders between "order processing started" and "order fulfilled" at one instant. */
function peakInFlight(p: AppProcess): number {
  const events = [
    ...p.lines('order processing started').map((l) => [Number(l.time), 1] as const),
    ...p.lines('order fulfilled').map((l) => [Number(l.time), -1] as const),
  ].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let peak = 0;
  for (const [, step] of events) peak = Math.max(peak, (now += step));
  return peak;
}
