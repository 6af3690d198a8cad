import { ReceiverConfig } from '@app/config';
import {
  DependencyUnavailableError,
  OrderConflictError,
  OrderInProgressError,
  orderFingerprint,
  OrderStatus,
} from '@app/domain';
import { OrderProcessingService, ProcessOutcome } from '@app/processing';
import { DynamoOrderRepository, OrderRecord } from '@app/storage';
import { SnsOrderPublisher } from './order.publisher';
import { OrderIntakeService } from './order-intake.service';

const input = { orderId: 'o-1', customerId: 'c-1', items: [{ productId: 'p', quantity: 1, price: 2 }] };
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
    Pick<DynamoOrderRepository, 'createPending' | 'markAccepted' | 'deleteUnaccepted' | 'get'>
  >;
  let publisher: jest.Mocked<Pick<SnsOrderPublisher, 'publish'>>;
  let processing: jest.Mocked<Pick<OrderProcessingService, 'process'>>;
  let sut: OrderIntakeService;

  beforeEach(() => {
    orders = {
      createPending: jest.fn().mockResolvedValue({ created: true, record: record() }),
      markAccepted: jest.fn().mockResolvedValue(undefined),
      deleteUnaccepted: jest.fn().mockResolvedValue(undefined),
      get: jest.fn(),
    };
    publisher = { publish: jest.fn().mockResolvedValue('message-1') };
    processing = { process: jest.fn() };
    sut = new OrderIntakeService(
      orders as unknown as DynamoOrderRepository,
      publisher as unknown as SnsOrderPublisher,
      processing as unknown as OrderProcessingService,
      { PROCESSING_TIME_MS: 10, PROCESSING_JITTER_MS: 0, SYNC_WAIT_TIMEOUT_MS: 300 } as ReceiverConfig,
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

    it('undoes the stored order and fails when SNS refuses', async () => {
      publisher.publish.mockRejectedValue(new DependencyUnavailableError('SNS', new Error('down')));
      await expect(sut.submitAsync(input)).rejects.toBeInstanceOf(DependencyUnavailableError);
      expect(orders.deleteUnaccepted).toHaveBeenCalledWith('o-1');
      expect(orders.markAccepted).not.toHaveBeenCalled();
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
      },
    );

    it('publishes an order stored earlier whose publish was never acknowledged', async () => {
      orders.createPending.mockResolvedValue({ created: false, record: record() });
      await sut.submitAsync(input);
      expect(publisher.publish).toHaveBeenCalledTimes(1);
      expect(orders.deleteUnaccepted).not.toHaveBeenCalled();
    });

    it('does not delete an order it did not create when the republish fails', async () => {
      orders.createPending.mockResolvedValue({ created: false, record: record() });
      publisher.publish.mockRejectedValue(new DependencyUnavailableError('SNS', new Error('down')));
      await expect(sut.submitAsync(input)).rejects.toBeInstanceOf(DependencyUnavailableError);
      expect(orders.deleteUnaccepted).not.toHaveBeenCalled();
    });

    it('rejects the same id with another body as a conflict, publishing nothing', async () => {
      orders.createPending.mockResolvedValue({ created: false, record: record({ fingerprint: 'other' }) });
      await expect(sut.submitAsync(input)).rejects.toBeInstanceOf(OrderConflictError);
      expect(publisher.publish).not.toHaveBeenCalled();
    });

    it('fails (503) rather than answer 202 when the accepted mark fails: GET would not show the order', async () => {
      orders.markAccepted.mockRejectedValue(new DependencyUnavailableError('DynamoDB', new Error('blip')));
      await expect(sut.submitAsync(input)).rejects.toBeInstanceOf(DependencyUnavailableError);
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

    it('runs nothing when the backstop cannot be published', async () => {
      publisher.publish.mockRejectedValue(new DependencyUnavailableError('SNS', new Error('down')));
      await expect(sut.processSync(input)).rejects.toBeInstanceOf(DependencyUnavailableError);
      expect(processing.process).not.toHaveBeenCalled();
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

    it('gives up with in-progress after SYNC_WAIT_TIMEOUT_MS', async () => {
      processing.process.mockResolvedValue({ kind: 'busy', retryAfterMs: 1000 });
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
      await expect(sut.find('o-1')).resolves.toBeUndefined();
    });

    it('shows an accepted order, and any order a worker touched', async () => {
      orders.get.mockResolvedValueOnce(record({ acceptedAt: 'then' }));
      await expect(sut.find('o-1')).resolves.toBeDefined();
      orders.get.mockResolvedValueOnce(record({ status: OrderStatus.PROCESSING }));
      await expect(sut.find('o-1')).resolves.toBeDefined();
    });
  });
});
