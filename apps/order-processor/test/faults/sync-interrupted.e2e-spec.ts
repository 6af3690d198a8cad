import { postJson, testOrder, waitFor } from '@app/testing';
import { fulfilmentCounts, ProcessorHarness } from '../processor-harness';

/**
 * Fault: a sync order whose run in the receiver is cut off. Every claimed order
 * is finished by someone, without a client retry: the receiver's backstop
 * message (held until its lease would have expired) brings it to the processor.
 */
describe('fault: an interrupted sync order is finished, not stranded', () => {
  let h: ProcessorHarness;

  beforeEach(async () => {
    h = await ProcessorHarness.start();
  });
  afterEach(() => h?.stop());

  it('receiver killed (kill -9) mid-fulfilment: the processor completes the order, fulfilled once', async () => {
    // Receiver lease: PROCESSING_TIME_MS + 10 s; the processor may take the order over after that.
    const receiver = await h.startReceiver({ PROCESSING_TIME_MS: 2000 });
    const processor = await h.startProcessor({ PROCESSING_TIME_MS: 200 });
    const order = testOrder(`sync-kill-${Date.now()}`);
    const answer = postJson(`${receiver.url}/orders/sync`, order, { token: h.token }).then(
      (res) => `answered ${res.status}`,
      (error: Error) => `no answer: ${error.message}`,
    );
    await receiver.waitForLines('order processing started', 1);
    receiver.kill('SIGKILL');
    expect(await answer).toMatch(/^no answer/); // the client got nothing

    const done = await h.waitForStatus(order, 'COMPLETED', 60000);
    expect(done.attempts).toBe(2);
    expect(fulfilmentCounts([receiver, processor]).get(order.orderId)).toBe(1);
  });

  it('final write failing twice: the run retries it and completes, fulfilled once, no client retry', async () => {
    const proxy = await h.startFaultProxy();
    const order = testOrder(`sync-final-${Date.now()}`);
    let refused = 0;
    proxy.add((call) => {
      const completing =
        call.operation === 'UpdateItem' &&
        call.body.includes(order.orderId) &&
        call.body.includes('"COMPLETED"');
      if (!completing || refused >= 2) return undefined;
      refused++;
      return { status: 500, code: 'InternalServerError' };
    });
    // One SDK attempt per call: the two refusals fail the write itself, as two timeouts would.
    const receiver = await h.startReceiver({ AWS_ENDPOINT_URL: proxy.endpoint, AWS_MAX_ATTEMPTS: 1 });
    const processor = await h.startProcessor();

    const res = await postJson(`${receiver.url}/orders/sync`, order, { token: h.token });
    expect(refused).toBe(2);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ orderId: order.orderId, status: 'COMPLETED' });
    expect((await h.readOrder(order))?.status).toBe('COMPLETED');
    expect(fulfilmentCounts([receiver, processor]).get(order.orderId)).toBe(1);
  });

  it('final write failing for good: 503, then the processor completes it under the same idempotency key', async () => {
    const proxy = await h.startFaultProxy();
    const order = testOrder(`sync-final-down-${Date.now()}`);
    proxy.add((call) =>
      call.operation === 'UpdateItem' &&
      call.body.includes(order.orderId) &&
      call.body.includes('"COMPLETED"')
        ? { status: 500, code: 'InternalServerError' }
        : undefined,
    );
    const receiver = await h.startReceiver({
      AWS_ENDPOINT_URL: proxy.endpoint,
      AWS_MAX_ATTEMPTS: 1,
      PROCESSING_TIME_MS: 200,
    });
    const processor = await h.startProcessor();

    const res = await postJson(`${receiver.url}/orders/sync`, order, { token: h.token });
    expect(res.status).toBe(503);
    const done = await h.waitForStatus(order, 'COMPLETED', 60000);
    expect(done.finishedBy).not.toContain(String(receiver.pid));
    // The processor ran it again; a real downstream deduplicates on the run's key.
    const keys = [receiver, processor].flatMap((p) =>
      p.lines('order fulfilled', order.orderId).map((l) => l.idempotencyKey),
    );
    expect(keys).toEqual([
      `${order.customerId}:${order.orderId}:run-1`,
      `${order.customerId}:${order.orderId}:run-1`,
    ]);
  });

  it('a sync request answered 409 leaves nothing behind: its backstop is dropped, not dead-lettered', async () => {
    const receiver = await h.startReceiver({ PROCESSING_TIME_MS: 50 });
    // A second task: the first answers a repeat of an order it completed from memory, publishing nothing.
    const otherTask = await h.startReceiver({ PROCESSING_TIME_MS: 50 });
    const processor = await h.startProcessor();
    const order = testOrder(`sync-conflict-${Date.now()}`);
    expect((await postJson(`${receiver.url}/orders/sync`, order, { token: h.token })).status).toBe(200);
    const conflicting = { ...order, items: [{ productId: 'sku-other', quantity: 1, price: 1 }] };
    expect((await postJson(`${receiver.url}/orders/sync`, conflicting, { token: h.token })).status).toBe(409);
    expect((await postJson(`${otherTask.url}/orders/sync`, conflicting, { token: h.token })).status).toBe(
      409,
    );

    // Both backstops come due after the receiver's lease: one is a duplicate, one a conflict.
    await waitFor(
      async () =>
        processor.lines('backstop of a conflicting sync request dropped', order.orderId).length > 0
          ? true
          : undefined,
      60000,
      'the conflicting backstop to be dropped',
    );
    await waitFor(() => h.queueIsEmpty(), 30000, 'the queue to be empty');
    expect(await h.peekDeadLetters()).toEqual([]);
    expect(await h.readOrder(order)).toMatchObject({ status: 'COMPLETED', customerId: 'c-1' });
  });
});
