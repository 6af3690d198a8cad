import { legacyTableOf } from '@app/aws-resources';
import { AppProcess, testOrder, waitFor } from '@app/testing';
import { ProcessorHarness } from './processor-harness';

/**
 * Messages published before orders were keyed by (customerId, orderId): no orderKey attribute.
 * After the cut-over the real processor finishes an async order from its message in the
 * customer-keyed table, and dead-letters a sync order's backstop (its record is in the legacy
 * table) with a reason naming that table; the dlq command shows and redrives them.
 */
describe('order-processor: messages of the legacy shape, after the cut-over', () => {
  let h: ProcessorHarness;
  let processor: AppProcess;

  beforeAll(async () => {
    h = await ProcessorHarness.start();
    processor = await h.startProcessor({ PROCESSING_TIME_MS: 50 });
  });
  afterAll(() => h?.stop());

  it('processes an old-shape async order message into the customer-keyed table: no acknowledged order is lost', async () => {
    const order = { ...testOrder(`legacy-async-${Date.now()}`), customerId: 'legacy-customer' };
    await h.sendLegacy(order);

    const done = await h.waitForStatus(order, 'COMPLETED', 60000);
    expect(done).toMatchObject({ customerId: 'legacy-customer', channel: 'async', attempts: 1 });
    expect(
      processor.lines('legacy order message processed in the customer-keyed table', order.orderId),
    ).toEqual([expect.objectContaining({ orderId: order.orderId, customerId: 'legacy-customer' })]);
    expect(processor.lines('order fulfilled', order.orderId)).toHaveLength(1);
  });

  it('dead-letters an old-shape sync backstop with a reason naming the legacy table, never running it', async () => {
    const order = testOrder(`legacy-backstop-${Date.now()}`);
    await h.sendLegacy(order, Date.now() - 1000);

    const [dead] = await waitFor(async () => {
      const messages = await h.peekDeadLetters();
      return messages.length === 1 ? messages : undefined;
    }, 60000);
    const legacyTable = legacyTableOf(h.locations.tableName)!;
    expect(legacyTable).toMatch(/^orders-.+-table$/);
    const reason = dead.MessageAttributes?.failureReason?.StringValue;
    expect(reason).toContain(legacyTable);
    expect(reason).toContain('docs/migration.md');
    expect(reason).toContain(`order ${order.orderId} of customer ${order.customerId}`);
    expect(dead.MessageAttributes?.orderKey).toBeUndefined();
    expect(await h.readOrder(order)).toBeUndefined();
    expect(processor.lines('order processing started', order.orderId)).toEqual([]);
    expect(processor.lines('legacy sync backstop sent to the dead-letter queue', order.orderId)).toEqual([
      expect.objectContaining({ orderId: order.orderId, customerId: order.customerId, legacyTable }),
    ]);
  });

  it('dlq show names its customer and its legacy shape; a redrive moves it and it is dead-lettered again, not run', async () => {
    const entries = (await h.dlq('show')) as { orderId?: string; customerId?: string; legacy: boolean }[];
    expect(entries).toEqual([
      expect.objectContaining({
        orderId: expect.stringMatching(/^legacy-backstop-/),
        customerId: 'c-1',
        legacy: true,
      }),
    ]);
    expect(await h.dlq('redrive')).toMatchObject({ moved: 1, reopened: 0, failed: 0 });
    await waitFor(async () => ((await h.peekDeadLetters()).length === 1 ? true : undefined), 60000);
    expect(
      processor.lines('order processing started').filter((l) => /^legacy-backstop-/.test(l.orderId!)),
    ).toEqual([]);
  });
});
