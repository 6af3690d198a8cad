import { testOrder } from '@app/testing';
import { ProcessorHarness } from './processor-harness';

/**
 * kill -9 leaves orders PROCESSING under a lease nobody renews and their
 * messages hidden. After VISIBILITY_TIMEOUT_SECONDS both lapse: the messages
 * come back, a new process takes over the expired leases, and every order is
 * fulfilled exactly once across both processes.
 */
describe('order-processor: crash recovery', () => {
  let h: ProcessorHarness;
  const start = () =>
    h.startProcessor({ PROCESSOR_CONCURRENCY: 4, PROCESSING_TIME_MS: 4000, VISIBILITY_TIMEOUT_SECONDS: 3 });

  beforeAll(async () => {
    h = await ProcessorHarness.start();
  });

  afterAll(async () => {
    await h?.stop();
  });

  it('completes every order exactly once after kill -9 and a restart', async () => {
    const orders = Array.from({ length: 6 }, () => testOrder());
    const first = await start();
    await h.sendAll(orders);
    // Four in flight (the concurrency), two still queued.
    await first.waitForLines('order processing started', 4);
    first.kill('SIGKILL');
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });

    // Long orders, so none finished before the kill even on a loaded machine; checked, not assumed.
    const inFlight = first.lines('order processing started').map((l) => l.orderId!);
    expect(first.lines('order fulfilled')).toEqual([]);
    for (const orderId of inFlight) {
      expect(await h.readOrder(testOrder(orderId))).toMatchObject({
        status: 'PROCESSING',
        leaseOwner: expect.any(String),
      });
    }

    const second = await start();
    for (const o of orders) {
      await h.waitForStatus(o, 'COMPLETED', 60000);
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
