import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { backOff } from 'exponential-backoff';
import { APP_CONFIG, ReceiverConfig } from '@app/config';
import { ordersTotal } from '@app/observability';
import { CreateOrderDto } from '@app/contract';
import {
  DependencyUnavailableError,
  isFinal,
  Order,
  OrderConflictError,
  orderFingerprint,
  OrderInProgressError,
  OrderStatus,
  toOrder,
} from '@app/domain';
import { OrderProcessingService, RetryPolicy } from '@app/processing';
import { DynamoOrderRepository, isVisible, OrderRecord } from '@app/storage';
import { SnsOrderPublisher } from './order.publisher';

/** How long after a sync run's lease would expire its backstop message becomes the processor's. */
const SYNC_HOLD_SLACK_MS = 1000;

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
  private readonly retry: RetryPolicy;

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
    // Storage calls of a sync run are retried through a short outage, within the lease: a final
    // write that failed once is not given up while the order could still be finished here.
    this.retry = (call) =>
      backOff(call, {
        numOfAttempts: 5,
        startingDelay: 200,
        maxDelay: 2000,
        jitter: 'full',
        retry: (error: unknown) => error instanceof DependencyUnavailableError,
      });
  }

  async submitAsync(input: CreateOrderDto): Promise<AsyncAcceptance> {
    const order = toOrder(input.orderId ?? randomUUID(), input);
    const now = new Date();
    const { created, record } = await this.orders.createPending(order, now);
    if (!created && record) {
      if (record.fingerprint !== orderFingerprint(order)) throw new OrderConflictError(order.orderId);
      if (isVisible(record)) {
        // A repeat of an accepted order that is not finished: publish it again, so that an order
        // whose message was lost to a crash (or a sync run that died) still reaches the processor.
        if (!isFinal(record.status)) await this.publisher.publish(order);
        return { orderId: order.orderId, status: record.status, firstTime: false };
      }
      // Stored but never acknowledged by SNS (a concurrent or crashed request): publish it now.
    }
    try {
      await this.publisher.publish(order);
    } catch (error) {
      if (created) await this.orders.deleteUnaccepted(order.orderId).catch(() => undefined);
      throw error;
    }
    // Not best effort: an order answered 202 must be visible to GET. If this write fails the
    // client gets a 503 and retries; the order is already published, and the retry is harmless.
    await this.orders.markAccepted(order, new Date());
    this.logger.log({ msg: 'order accepted', orderId: order.orderId });
    if (created) ordersTotal.inc({ outcome: 'accepted', channel: 'async' });
    return { orderId: order.orderId, status: OrderStatus.PENDING, firstTime: created };
  }

  /**
   * Runs the order in this request. Before anything is claimed, a backstop
   * message goes to the queue, held until this request's lease would have
   * expired: if the run is cut off (the receiver dies, the final write keeps
   * failing), the processor finishes the order; if it completes, the processor
   * finds it done and drops the message.
   */
  async processSync(input: CreateOrderDto): Promise<{ record: OrderRecord; processedNow: boolean }> {
    const order: Order = toOrder(input.orderId ?? randomUUID(), input);
    const deadline = Date.now() + this.syncWaitMs;
    await this.publisher.publish(order, { holdUntil: Date.now() + this.leaseMs + SYNC_HOLD_SLACK_MS });
    for (;;) {
      const outcome = await this.processing.process(order, {
        channel: 'sync',
        // An async order claimed here keeps its retries and its dead-letter trail: its message does both.
        isFinalAttempt: (record) => record.channel === 'sync',
        leaseMs: this.leaseMs,
        retry: this.retry,
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
        case 'rejected':
          throw outcome.error;
        case 'retry':
          // An async order's attempt failed here; its message retries it (and dead-letters it at the end).
          throw new OrderInProgressError(order.orderId);
        case 'busy':
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
