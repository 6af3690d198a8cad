import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { orderMessageAttributes } from '@app/messaging';
import { DynamoOrderRepository } from '@app/storage';
import { AppProcess, postJson, testOrder, waitFor } from '@app/testing';
import { ProcessorHarness } from '../processor-harness';

const NEVER_STORED = 'backstop of a sync request that never stored its order';
const CONFLICT_DROPPED = 'backstop of a conflicting sync request dropped';

/**
 * A sync order's backstop (a message with a hold) stands in for a sync request
 * that claimed its order: it finishes an order that request stored, never an
 * order of its own. The interleaving it must survive: async request R (body X)
 * stores its order PENDING; sync request S (body Y, same id) publishes its
 * backstop, its claim conflicts with X and it answers 409; R's publish fails and
 * R deletes its item. S's backstop, due later, must then create nothing: no
 * order Y, which no one was told was accepted.
 */
describe('fault: a backstop whose sync request never stored its order', () => {
  let h: ProcessorHarness;
  let processor: AppProcess;
  let orders: DynamoOrderRepository;

  beforeAll(async () => {
    h = await ProcessorHarness.start();
    processor = await h.startProcessor();
    orders = h.orderRepository();
  });
  afterAll(() => h?.stop());

  /** Sends a backstop straight to the queue, as the receiver publishes one, with its hold already over. */
  const sendBackstop = (body: ReturnType<typeof testOrder>) =>
    h.clients.sqs.send(
      new SendMessageCommand({
        QueueUrl: h.locations.queueUrl,
        MessageBody: JSON.stringify(body),
        MessageAttributes: orderMessageAttributes(body, { holdUntil: Date.now() - 1000 }),
      }),
    );
  /** Waits until the processor settled the backstop of `orderId` one way or another (a log line, or an item). */
  const settled = (orderId: string, msg: string) =>
    waitFor(
      async () =>
        processor.lines(msg, orderId).length > 0 ||
        processor.lines('order processing started', orderId).length > 0
          ? true
          : undefined,
      60000,
      `the backstop of ${orderId} to be settled`,
    );
  const leavesNothingBehind = async () => {
    await waitFor(() => h.queueIsEmpty(), 30000, 'the queue to be empty');
    expect(await h.peekDeadLetters()).toEqual([]);
  };

  it('R stores X, S (Y) answers 409, R deletes X: S’s backstop creates nothing', async () => {
    const proxy = await h.startFaultProxy();
    const x = testOrder(`orphan-race-${Date.now()}`);
    const y = { ...x, items: [{ productId: 'sku-other', quantity: 1, price: 1 }] };
    // R's publish is held until S has answered, then fails: R undoes its PENDING item.
    let openGate!: () => void;
    const gate = new Promise<void>((ok) => (openGate = ok));
    proxy.add((call) =>
      call.service === 'sns' && call.operation === 'Publish' && call.body.includes(x.orderId)
        ? gate.then(() => ({ status: 400, code: 'Throttling' }))
        : undefined,
    );
    // One SDK attempt, and no timeout of its own before the gate opens: its publish fails when told.
    const r = await h.startReceiver({
      AWS_ENDPOINT_URL: proxy.endpoint,
      AWS_MAX_ATTEMPTS: 1,
      AWS_REQUEST_TIMEOUT_MS: 60000,
    });
    const s = await h.startReceiver();

    const rAnswer = postJson(`${r.url}/orders/async`, x, { token: h.token });
    await waitFor(async () => ((await h.readOrder(x)) ? true : undefined), 30000, 'R’s PENDING item');
    const sAnswer = await postJson(`${s.url}/orders/sync`, y, { token: h.token });
    expect(sAnswer.status).toBe(409);
    openGate();
    expect((await rAnswer).status).toBe(503);
    expect(await h.readOrder(x)).toBeUndefined();

    // S's backstop comes due after S's lease (10 s and more).
    await settled(x.orderId, NEVER_STORED);
    expect(await h.readOrder(x)).toBeUndefined();
    expect(processor.lines('order processing started', x.orderId)).toEqual([]);
    expect(processor.lines(NEVER_STORED, x.orderId)).toHaveLength(1);
    await leavesNothingBehind();
  });

  it('a backstop past its hold with no order stored is deleted: not run, not retried, not dead-lettered', async () => {
    const order = testOrder(`orphan-absent-${Date.now()}`);
    await sendBackstop(order);

    await settled(order.orderId, NEVER_STORED);
    expect(await h.readOrder(order)).toBeUndefined();
    expect(processor.lines(NEVER_STORED, order.orderId)).toHaveLength(1);
    await leavesNothingBehind();
  });

  it('a backstop past its hold for an id that holds another body is dropped; the stored order is untouched', async () => {
    const stored = testOrder(`orphan-conflict-${Date.now()}`);
    await orders.createPending(stored, new Date());
    await sendBackstop({ ...stored, items: [{ productId: 'another-sku', quantity: 1, price: 1 }] });

    await settled(stored.orderId, CONFLICT_DROPPED);
    expect(processor.lines(CONFLICT_DROPPED, stored.orderId)).toHaveLength(1);
    expect(await h.readOrder(stored)).toMatchObject({
      status: 'PENDING',
      customerId: 'c-1',
      attempts: 0,
    });
    await leavesNothingBehind();
  });
});
