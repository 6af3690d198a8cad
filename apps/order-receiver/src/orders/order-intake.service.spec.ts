import { ReceiverConfig } from '@app/config';
import {
  DependencyUnavailableError,
  OrderConflictError,
  OrderInProgressError,
  orderFingerprint,
  OrderRequestFailedError,
  OrderStatus,
} from '@app/domain';
import { OrderProcessingService, ProcessOutcome } from '@app/processing';
import { DynamoOrderRepository, OrderRecord } from '@app/storage';
import { SnsOrderPublisher } from './order.publisher';
import { OrderIntakeService } from './order-intake.service';

const input = { orderId: 'o-1', customerId: 'c-1', items: [{ productId: 'p', quantity: 1, price: 2 }] };
/** An outage whose call may have taken effect (a timeout), or provably did not (`notApplied`). */
const outage = (dependency: 'SNS' | 'DynamoDB', notApplied = false) =>
  new DependencyUnavailableError(dependency, new Error('down'), { notApplied });
/** The failure the service raised, with the order's id and outcome. */
const failure = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OrderRequestFailedError);
  return error as OrderRequestFailedError;
};
const record = (over: Partial<OrderRecord> = {}): OrderRecord => ({
  ...input,
  totalAmount: 2,
  fingerprint: orderFingerprint(input),
  status: OrderStatus.PENDING,
  channel: 'async',
  attempts: 0,
  createdAt: 'then',
  updatedAt: 'then',
  ...over,
});

describe(OrderIntakeService.name, () => {
  let orders: jest.Mocked<
    Pick<
      DynamoOrderRepository,
      'createPending' | 'markAccepted' | 'deleteUnaccepted' | 'get' | 'reserveRepublish'
    >
  >;
  let publisher: jest.Mocked<Pick<SnsOrderPublisher, 'publish'>>;
  let processing: jest.Mocked<Pick<OrderProcessingService, 'process'>>;
  let sut: OrderIntakeService;

  beforeEach(() => {
    orders = {
      createPending: jest.fn().mockResolvedValue({ created: true, record: record() }),
      markAccepted: jest.fn().mockResolvedValue(undefined),
      deleteUnaccepted: jest.fn().mockResolvedValue(true),
      get: jest.fn(),
      reserveRepublish: jest.fn().mockResolvedValue(true),
    };
    publisher = { publish: jest.fn().mockResolvedValue('message-1') };
    processing = { process: jest.fn() };
    sut = new OrderIntakeService(
      orders as unknown as DynamoOrderRepository,
      publisher as unknown as SnsOrderPublisher,
      processing as unknown as OrderProcessingService,
      {
        PROCESSING_TIME_MS: 10,
        PROCESSING_JITTER_MS: 0,
        SYNC_REQUEST_TIMEOUT_MS: 300,
        REPUBLISH_AFTER_MS: 60_000,
        REPUBLISH_LIMIT: 3,
      } as ReceiverConfig,
    );
  });

  describe('submitAsync', () => {
    it('stores, publishes, then marks accepted, in that order', async () => {
      const calls: string[] = [];
      orders.createPending.mockImplementation(
        async () => (calls.push('store'), { created: true, record: record() }),
      );
      publisher.publish.mockImplementation(async () => (calls.push('publish'), 'm'));
      orders.markAccepted.mockImplementation(async () => void calls.push('accept'));
      await expect(sut.submitAsync(input)).resolves.toEqual({
        orderId: 'o-1',
        status: 'PENDING',
        firstTime: true,
      });
      expect(calls).toEqual(['store', 'publish', 'accept']);
    });

    it('undoes the stored order and answers not-accepted when the publish provably reached nothing', async () => {
      publisher.publish.mockRejectedValue(outage('SNS', true));
      const error = await failure(sut.submitAsync(input));
      expect(error).toMatchObject({ orderId: 'o-1', outcome: 'not-accepted' });
      expect(orders.deleteUnaccepted).toHaveBeenCalledWith(
        expect.objectContaining({ customerId: 'c-1', orderId: 'o-1' }),
      );
      expect(orders.markAccepted).not.toHaveBeenCalled();
    });

    it('keeps the stored order and answers unknown when the publish may have reached SNS (a timeout)', async () => {
      publisher.publish.mockRejectedValue(outage('SNS'));
      const error = await failure(sut.submitAsync(input));
      expect(error).toMatchObject({ orderId: 'o-1', outcome: 'unknown' });
      expect(orders.deleteUnaccepted).not.toHaveBeenCalled();
    });

    it('answers unknown when the undo finds the order accepted by someone else meanwhile', async () => {
      publisher.publish.mockRejectedValue(outage('SNS', true));
      orders.deleteUnaccepted.mockResolvedValue(false);
      await expect(failure(sut.submitAsync(input))).resolves.toMatchObject({ outcome: 'unknown' });
    });

    it('answers not-accepted when the store provably failed, unknown when it may have been applied', async () => {
      orders.createPending.mockRejectedValueOnce(outage('DynamoDB', true));
      await expect(failure(sut.submitAsync(input))).resolves.toMatchObject({ outcome: 'not-accepted' });
      orders.createPending.mockRejectedValueOnce(outage('DynamoDB'));
      await expect(failure(sut.submitAsync(input))).resolves.toMatchObject({ outcome: 'unknown' });
      expect(publisher.publish).not.toHaveBeenCalled();
    });

    it('names a generated id in its failure, the id a retry must carry', async () => {
      publisher.publish.mockRejectedValue(outage('SNS'));
      const error = await failure(sut.submitAsync({ customerId: 'c', items: input.items }));
      expect(error.orderId).toMatch(/^[0-9a-f-]{36}$/);
      expect(orders.createPending.mock.calls[0][0].orderId).toBe(error.orderId);
    });

    it('does not publish again an order already finished with the same body', async () => {
      const done = record({ acceptedAt: 'then', status: OrderStatus.COMPLETED });
      orders.createPending.mockResolvedValue({ created: false, record: done });
      await expect(sut.submitAsync(input)).resolves.toMatchObject({ firstTime: false });
      expect(publisher.publish).not.toHaveBeenCalled();
    });

    it.each([OrderStatus.PENDING, OrderStatus.PROCESSING])(
      'publishes again a repeat of an accepted order still %s (its message may be lost)',
      async (status) => {
        orders.createPending.mockResolvedValue({
          created: false,
          record: record({ acceptedAt: 'then', status }),
        });
        await expect(sut.submitAsync(input)).resolves.toMatchObject({ firstTime: false, status });
        expect(publisher.publish).toHaveBeenCalledTimes(1);
        const [key, before, limit] = orders.reserveRepublish.mock.calls[0];
        expect([key.customerId, key.orderId, limit]).toEqual(['c-1', 'o-1', 3]);
        expect(Date.now() - before.getTime()).toBeGreaterThanOrEqual(60_000);
      },
    );

    it('does not publish a repeat again when its last publish is recent or the limit is spent', async () => {
      orders.createPending.mockResolvedValue({ created: false, record: record({ acceptedAt: 'then' }) });
      orders.reserveRepublish.mockResolvedValue(false);
      await expect(sut.submitAsync(input)).resolves.toMatchObject({ firstTime: false });
      expect(publisher.publish).not.toHaveBeenCalled();
    });

    it('answers 202 to a repeat of an accepted order even when its republish fails: it is accepted', async () => {
      orders.createPending.mockResolvedValue({ created: false, record: record({ acceptedAt: 'then' }) });
      publisher.publish.mockRejectedValue(outage('SNS'));
      await expect(sut.submitAsync(input)).resolves.toMatchObject({ firstTime: false });
    });

    it('answers a repeat of a COMPLETED order from memory, without DynamoDB or SNS', async () => {
      const done = record({ acceptedAt: 'then', status: OrderStatus.COMPLETED });
      orders.createPending.mockResolvedValue({ created: false, record: done });
      await sut.submitAsync(input);
      await expect(sut.submitAsync(input)).resolves.toMatchObject({ status: 'COMPLETED', firstTime: false });
      expect(orders.createPending).toHaveBeenCalledTimes(1);
      const otherItems = { ...input, items: [{ productId: 'q', quantity: 1, price: 2 }] };
      await expect(sut.submitAsync(otherItems)).rejects.toBeInstanceOf(OrderConflictError);
      expect(orders.createPending).toHaveBeenCalledTimes(1);
    });

    it("remembers a COMPLETED order by customer and id: another customer's order of that id is not it", async () => {
      const done = record({ acceptedAt: 'then', status: OrderStatus.COMPLETED });
      orders.createPending.mockResolvedValueOnce({ created: false, record: done });
      await sut.submitAsync(input);
      const other = { ...input, customerId: 'c-2' };
      orders.createPending.mockResolvedValueOnce({ created: true, record: record(other) });
      await expect(sut.submitAsync(other)).resolves.toMatchObject({ status: 'PENDING', firstTime: true });
      expect(orders.createPending).toHaveBeenCalledTimes(2);
    });

    it('publishes an order stored earlier whose publish was never acknowledged', async () => {
      orders.createPending.mockResolvedValue({ created: false, record: record() });
      await sut.submitAsync(input);
      expect(publisher.publish).toHaveBeenCalledTimes(1);
      expect(orders.deleteUnaccepted).not.toHaveBeenCalled();
    });

    it('does not delete an order it did not create when its publish fails: unknown', async () => {
      orders.createPending.mockResolvedValue({ created: false, record: record() });
      publisher.publish.mockRejectedValue(outage('SNS', true));
      await expect(failure(sut.submitAsync(input))).resolves.toMatchObject({ outcome: 'unknown' });
      expect(orders.deleteUnaccepted).not.toHaveBeenCalled();
    });

    it('rejects the same id with another body as a conflict, publishing nothing', async () => {
      orders.createPending.mockResolvedValue({ created: false, record: record({ fingerprint: 'other' }) });
      await expect(sut.submitAsync(input)).rejects.toBeInstanceOf(OrderConflictError);
      expect(publisher.publish).not.toHaveBeenCalled();
    });

    it('fails (503 unknown) rather than answer 202 when the accepted mark fails: GET would not show the order', async () => {
      orders.markAccepted.mockRejectedValue(outage('DynamoDB', true));
      await expect(failure(sut.submitAsync(input))).resolves.toMatchObject({ outcome: 'unknown' });
      expect(orders.deleteUnaccepted).not.toHaveBeenCalled();
    });

    it('generates an id when none is given', async () => {
      const { orderId } = await sut.submitAsync({ customerId: 'c', items: input.items });
      expect(orderId).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe('processSync', () => {
    const outcome = (o: ProcessOutcome) => processing.process.mockResolvedValueOnce(o);

    it('returns the processed order as final', async () => {
      outcome({ kind: 'completed', record: record({ status: OrderStatus.COMPLETED }) });
      await expect(sut.processSync(input)).resolves.toMatchObject({
        processedNow: true,
        record: { status: 'COMPLETED' },
      });
      expect(processing.process).toHaveBeenCalledWith(
        expect.objectContaining({ orderId: 'o-1' }),
        expect.objectContaining({ channel: 'sync' }),
      );
    });

    it('publishes a backstop message held until the run would have ended, before running', async () => {
      const calls: string[] = [];
      publisher.publish.mockImplementation(async () => (calls.push('publish'), 'm'));
      processing.process.mockImplementation(
        async () => (calls.push('process'), { kind: 'completed', record: record() }),
      );
      const before = Date.now();
      await sut.processSync(input);
      expect(calls).toEqual(['publish', 'process']);
      const [, options] = publisher.publish.mock.calls[0];
      expect(options?.holdUntil).toBeGreaterThan(before + 10000);
    });

    it('runs nothing when the backstop cannot be published: not-accepted (a backstop never creates an order)', async () => {
      publisher.publish.mockRejectedValue(outage('SNS'));
      await expect(failure(sut.processSync(input))).resolves.toMatchObject({
        orderId: 'o-1',
        outcome: 'not-accepted',
      });
      expect(processing.process).not.toHaveBeenCalled();
    });

    it('answers not-accepted when every storage call provably failed, unknown once one may have applied', async () => {
      processing.process.mockImplementationOnce(async (_order, options) =>
        options.claimRetry!(() => Promise.reject(outage('DynamoDB', true))),
      );
      await expect(failure(sut.processSync(input))).resolves.toMatchObject({ outcome: 'not-accepted' });
      processing.process.mockImplementationOnce(async (_order, options) =>
        options.claimRetry!(() => Promise.reject(outage('DynamoDB'))),
      );
      await expect(failure(sut.processSync(input))).resolves.toMatchObject({ outcome: 'unknown' });
      processing.process.mockImplementationOnce(async (_order, options) => {
        await options.claimRetry!(async () => 'claimed');
        return options.retry!(() => Promise.reject(outage('DynamoDB', true)));
      });
      await expect(failure(sut.processSync(input))).resolves.toMatchObject({ outcome: 'unknown' });
    });

    it('stops retrying storage calls at SYNC_REQUEST_TIMEOUT_MS, not after a count', async () => {
      let calls = 0;
      processing.process.mockImplementation(async (_order, options) =>
        options.retry!(() => (calls++, Promise.reject(outage('DynamoDB')))),
      );
      const started = Date.now();
      await failure(sut.processSync(input));
      expect(Date.now() - started).toBeLessThan(300 + 2000);
      expect(calls).toBeGreaterThanOrEqual(1);
    });

    it('answers a repeat of a COMPLETED order from memory: no backstop, no run', async () => {
      outcome({ kind: 'completed', record: record({ status: OrderStatus.COMPLETED }) });
      await sut.processSync(input);
      await expect(sut.processSync(input)).resolves.toMatchObject({ processedNow: false });
      expect(publisher.publish).toHaveBeenCalledTimes(1);
      expect(processing.process).toHaveBeenCalledTimes(1);
    });

    it('a failed attempt is final for a sync order, not for an async order (its message retries it)', async () => {
      outcome({ kind: 'completed', record: record() });
      await sut.processSync(input);
      const [, options] = processing.process.mock.calls[0];
      expect(options.isFinalAttempt(record({ channel: 'sync' }))).toBe(true);
      expect(options.isFinalAttempt(record({ channel: 'async' }))).toBe(false);
    });

    it('returns a stored final order without processing again', async () => {
      outcome({ kind: 'duplicate', record: record({ status: OrderStatus.FAILED }) });
      await expect(sut.processSync(input)).resolves.toMatchObject({ processedNow: false });
    });

    it('waits for another worker holding the order, then returns its result', async () => {
      outcome({ kind: 'busy', retryAfterMs: 1000 });
      outcome({ kind: 'duplicate', record: record({ status: OrderStatus.COMPLETED }) });
      await expect(sut.processSync(input)).resolves.toMatchObject({ record: { status: 'COMPLETED' } });
      expect(processing.process).toHaveBeenCalledTimes(2);
    });

    it('gives up with in-progress after SYNC_REQUEST_TIMEOUT_MS', async () => {
      processing.process.mockResolvedValue({ kind: 'busy', retryAfterMs: 1000 });
      orders.get.mockResolvedValue(record({ status: OrderStatus.PROCESSING }));
      await expect(sut.processSync(input)).rejects.toBeInstanceOf(OrderInProgressError);
    });

    it('reports a conflict', async () => {
      outcome({ kind: 'conflict', record: record({ fingerprint: 'x' }) });
      await expect(sut.processSync(input)).rejects.toBeInstanceOf(OrderConflictError);
    });
  });

  describe('find', () => {
    it('hides an async order whose publish was never acknowledged', async () => {
      orders.get.mockResolvedValue(record());
      await expect(sut.find('c-1', 'o-1')).resolves.toBeUndefined();
    });

    it('shows an accepted order, and any order a worker touched', async () => {
      orders.get.mockResolvedValueOnce(record({ acceptedAt: 'then' }));
      await expect(sut.find('c-1', 'o-1')).resolves.toBeDefined();
      orders.get.mockResolvedValueOnce(record({ status: OrderStatus.PROCESSING }));
      await expect(sut.find('c-1', 'o-1')).resolves.toBeDefined();
    });
  });
});
