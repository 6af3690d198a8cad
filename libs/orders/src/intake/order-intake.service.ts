import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { APP_CONFIG, ReceiverConfig } from '@app/config';
import { ordersTotal } from '@app/observability';
import { CreateOrderDto } from '../dto/create-order.dto';
import { OrderConflictError, OrderInProgressError } from '../errors';
import { Order, orderFingerprint, toOrder } from '../order';
import { OrderStatus } from '../order-status';
import { SnsOrderPublisher } from '../messaging/order.publisher';
import { OrderProcessingService } from '../processing/order-processing.service';
import { DynamoOrderRepository } from '../storage/order.repository';
import { isVisible, OrderRecord } from '../storage/order.record';

export interface AsyncAcceptance {
  readonly orderId: string;
  readonly status: OrderStatus;
  /** False when this request repeated an order that was already accepted. */
  readonly firstTime: boolean;
}

/**
 * The receiver's use cases: accept an order for async processing, process one
 * inline, and look one up.
 *
 * Async and the dual write: the order is first stored PENDING with a
 * conditional put (which also settles idempotency and 409), then published,
 * then marked accepted. GET hides a PENDING order until it is accepted, so a
 * publish that failed never shows; a failed publish also deletes the PENDING
 * item (best effort) and answers 503. If the process dies between publish and
 * the accepted mark, the processor still creates/advances the order from the
 * message, and a client retry with the same id republishes (harmless: the
 * processor is idempotent).
 */
@Injectable()
export class OrderIntakeService {
  private readonly logger = new Logger(OrderIntakeService.name);
  private readonly leaseMs: number;
  private readonly syncWaitMs: number;

  constructor(
    private readonly orders: DynamoOrderRepository,
    private readonly publisher: SnsOrderPublisher,
    private readonly processing: OrderProcessingService,
    @Inject(APP_CONFIG) config: ReceiverConfig,
  ) {
    // A sync request runs in this process: its lease covers the run plus slack,
    // and the heartbeat extends it if the run is slower than planned.
    this.leaseMs = Math.max(10000, config.PROCESSING_TIME_MS + config.PROCESSING_JITTER_MS + 10000);
    this.syncWaitMs = config.SYNC_WAIT_TIMEOUT_MS;
  }

  async submitAsync(input: CreateOrderDto): Promise<AsyncAcceptance> {
    const order = toOrder(input.orderId ?? randomUUID(), input);
    const now = new Date();
    const { created, record } = await this.orders.createPending(order, now);
    if (!created && record) {
      if (record.fingerprint !== orderFingerprint(order)) throw new OrderConflictError(order.orderId);
      if (isVisible(record)) return { orderId: order.orderId, status: record.status, firstTime: false };
      // Stored but never acknowledged by SNS (a concurrent or crashed request): publish it now.
    }
    try {
      await this.publisher.publish(order);
    } catch (error) {
      if (created) await this.orders.deleteUnaccepted(order.orderId).catch(() => undefined);
      throw error;
    }
    await this.orders.markAccepted(order.orderId, new Date()).catch((error: Error) =>
      // Published but not marked: the processor's claim makes it visible shortly.
      this.logger.warn({
        msg: 'order published but not marked accepted',
        orderId: order.orderId,
        error: error.message,
      }),
    );
    this.logger.log({ msg: 'order accepted', orderId: order.orderId });
    if (created) ordersTotal.inc({ outcome: 'accepted', channel: 'async' });
    return { orderId: order.orderId, status: OrderStatus.PENDING, firstTime: created };
  }

  async processSync(input: CreateOrderDto): Promise<{ record: OrderRecord; processedNow: boolean }> {
    const order: Order = toOrder(input.orderId ?? randomUUID(), input);
    const deadline = Date.now() + this.syncWaitMs;
    for (;;) {
      const outcome = await this.processing.process(order, {
        channel: 'sync',
        isFinalAttempt: true,
        leaseMs: this.leaseMs,
      });
      switch (outcome.kind) {
        case 'completed':
        case 'failed':
          ordersTotal.inc({ outcome: outcome.kind, channel: 'sync' });
          return { record: outcome.record, processedNow: true };
        case 'duplicate':
          return { record: outcome.record, processedNow: false };
        case 'conflict':
          throw new OrderConflictError(order.orderId);
        case 'busy':
        case 'retry':
        case 'lease-lost':
        case 'aborted': {
          // Someone else holds (or just finished) this order: wait for its result.
          const waitMs = Math.min(250, Math.max(0, deadline - Date.now()));
          if (waitMs === 0) throw new OrderInProgressError(order.orderId);
          await sleep(waitMs);
        }
      }
    }
  }

  async find(orderId: string): Promise<OrderRecord | undefined> {
    const record = await this.orders.get(orderId);
    return record && isVisible(record) ? record : undefined;
  }
}
