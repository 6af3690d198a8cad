import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { APP_CONFIG, ReceiverConfig } from '@app/config';
import { ordersTotal } from '@app/observability';
import { CreateOrderDto } from '@app/contract';
import {
  DependencyRejectedError,
  DependencyUnavailableError,
  isFinal,
  Order,
  OrderConflictError,
  orderFingerprint,
  OrderInProgressError,
  OrderKey,
  OrderOutcome,
  OrderRequestFailedError,
  OrderStatus,
  toOrder,
} from '@app/domain';
import { leaseMsFor, OrderProcessingService } from '@app/processing';
import { DynamoOrderRepository, isVisible, OrderRecord } from '@app/storage';
import { retryUntil } from './deadline-retry';
import { FinishedOrdersCache } from './finished-orders.cache';
import { SnsOrderPublisher } from './order.publisher';
import { provablyNotApplied, RequestWrites } from './request-writes';

/** How long after a sync run's lease would expire its backstop message becomes the processor's. */
const SYNC_HOLD_SLACK_MS = 1000;
/** How often a sync request looks again at an order another worker holds. */
const SYNC_POLL_MS = 250;

export interface AsyncAcceptance {
  readonly orderId: string;
  readonly status: OrderStatus;
  /** False when this request repeated an order that was already accepted. */
  readonly firstTime: boolean;
}

/**
 * The receiver's use cases: accept an order for async processing, process one
 * inline, and look one up. A request that fails on a dependency raises
 * OrderRequestFailedError with the order's id and what the server knows of it
 * (`not-accepted` only when provable), so that the client can retry with the
 * same id: a retry never creates a second order.
 *
 * Async and the dual write: the order is first stored PENDING with a
 * conditional put (which also settles idempotency and 409), then published,
 * then marked accepted. GET hides a PENDING order until it is accepted, so a
 * publish that failed never shows. A publish that provably did not reach SNS
 * deletes the PENDING item (best effort); one that may have reached it leaves
 * the item, as the message, if delivered, makes the order. If the process dies
 * between publish and the accepted mark, the processor still creates/advances
 * the order from the message, and a client retry with the same id publishes
 * again if the order was never accepted.
 */
@Injectable()
export class OrderIntakeService {
  private readonly logger = new Logger(OrderIntakeService.name);
  private readonly leaseMs: number;
  private readonly syncBudgetMs: number;
  private readonly finished = new FinishedOrdersCache();

  constructor(
    private readonly orders: DynamoOrderRepository,
    private readonly publisher: SnsOrderPublisher,
    private readonly processing: OrderProcessingService,
    @Inject(APP_CONFIG) private readonly config: ReceiverConfig,
  ) {
    // A sync request runs in this process: its lease covers the run and the full clock-skew
    // margin, and the heartbeat extends it if the run is slower than planned.
    this.leaseMs = leaseMsFor(config.PROCESSING_TIME_MS + config.PROCESSING_JITTER_MS);
    this.syncBudgetMs = config.SYNC_REQUEST_TIMEOUT_MS;
  }

  async submitAsync(input: CreateOrderDto): Promise<AsyncAcceptance> {
    const order = toOrder(input.orderId ?? randomUUID(), input);
    const { orderId } = order;
    if (this.finished.lookup(order)) return { orderId, status: OrderStatus.COMPLETED, firstTime: false };
    const { created, record } = await this.orders.createPending(order, new Date()).catch((error: unknown) => {
      throw failed(orderId, error, provablyNotApplied(error) ? 'not-accepted' : 'unknown');
    });
    if (!created && record) {
      if (record.fingerprint !== orderFingerprint(order)) throw new OrderConflictError(orderId);
      if (isVisible(record)) {
        this.finished.remember(record);
        if (!isFinal(record.status)) await this.republishIfDue(order);
        return { orderId, status: record.status, firstTime: false };
      }
      // Stored but never acknowledged by SNS (a concurrent or crashed request): publish it now.
    }
    try {
      await this.publisher.publish(order);
    } catch (error) {
      throw failed(orderId, error, await this.undoUnpublished(order, created, error));
    }
    // Not best effort: an order answered 202 must be visible to GET. If this write fails the
    // client gets a 503 `unknown` and retries with the id; the order is published, the retry harmless.
    await this.orders.markAccepted(order, new Date()).catch((error: unknown) => {
      throw failed(orderId, error, 'unknown');
    });
    this.logger.log({ msg: 'order accepted', orderId, customerId: order.customerId });
    if (created) ordersTotal.inc({ outcome: 'accepted', channel: 'async' });
    return { orderId, status: OrderStatus.PENDING, firstTime: created };
  }

  /**
   * Runs the order in this request. Before anything is claimed, a backstop
   * message goes to the queue, held until this request's lease would have
   * expired: if the run is cut off (the receiver dies, the final write keeps
   * failing), the processor finishes the order; if it completes, the processor
   * finds it done and drops the message. A held backstop never creates an
   * order, so claims are sent only in the first half of the hold, and a request
   * that stored nothing can say `not-accepted`.
   */
  async processSync(input: CreateOrderDto): Promise<{ record: OrderRecord; processedNow: boolean }> {
    const order: Order = toOrder(input.orderId ?? randomUUID(), input);
    const { orderId } = order;
    const known = this.finished.lookup(order);
    if (known) return { record: known, processedNow: false };
    const startedAt = Date.now();
    const deadline = startedAt + this.syncBudgetMs;
    const claimsUntil = Math.min(deadline, startedAt + this.leaseMs / 2);
    await this.publisher
      .publish(order, { holdUntil: startedAt + this.leaseMs + SYNC_HOLD_SLACK_MS })
      .catch((error: unknown) => {
        throw failed(orderId, error, 'not-accepted');
      });
    const writes = new RequestWrites();
    // The first claim goes out however long the publish took: the hold still has half the lease to run.
    do {
      const outcome = await this.processing
        .process(order, {
          channel: 'sync',
          // An async order claimed here keeps its retries and its dead-letter trail: its message does both.
          isFinalAttempt: (record) => record.channel === 'sync',
          leaseMs: this.leaseMs,
          claimRetry: writes.watch(retryUntil(claimsUntil)),
          retry: writes.watch(retryUntil(deadline)),
        })
        .catch((error: unknown) => {
          throw failed(orderId, error, writes.outcome);
        });
      switch (outcome.kind) {
        case 'completed':
        case 'failed':
          ordersTotal.inc({ outcome: outcome.kind, channel: 'sync' });
          this.finished.remember(outcome.record);
          return { record: outcome.record, processedNow: true };
        case 'duplicate':
          this.finished.remember(outcome.record);
          return { record: outcome.record, processedNow: false };
        case 'conflict':
          throw new OrderConflictError(orderId);
        case 'rejected':
          throw failed(orderId, outcome.error, writes.outcome);
        case 'retry':
          // An async order's attempt failed here; its message retries it (and dead-letters it at the end).
          throw new OrderInProgressError(order);
        // `absent` only answers a claim that may not create its order; a sync request's may.
        case 'busy':
        case 'lease-lost':
        case 'aborted':
        case 'absent':
          await sleep(Math.min(SYNC_POLL_MS, Math.max(0, claimsUntil - Date.now())));
      }
    } while (Date.now() < claimsUntil);
    // Someone else holds this order: its result, once final, is the answer.
    return { record: await this.awaitFinal(order, deadline), processedNow: false };
  }

  async find(customerId: string, orderId: string): Promise<OrderRecord | undefined> {
    const record = await this.orders.get({ customerId, orderId }).catch((error: unknown) => {
      throw failed(orderId, error);
    });
    return record && isVisible(record) ? record : undefined;
  }

  /** Reads the order until it is final; in progress (409) if it is not by `deadline`. */
  private async awaitFinal(key: OrderKey, deadline: number): Promise<OrderRecord> {
    while (Date.now() < deadline) {
      await sleep(Math.min(SYNC_POLL_MS, Math.max(0, deadline - Date.now())));
      const record = await this.orders.get(key).catch(() => undefined);
      if (record && isFinal(record.status)) {
        this.finished.remember(record);
        return record;
      }
    }
    throw new OrderInProgressError(key);
  }

  /**
   * After a failed publish, what the client may be told. The PENDING item this request stored is
   * deleted only when the publish provably never reached SNS: otherwise the message may exist and
   * make the order, and the answer is `unknown`.
   */
  private async undoUnpublished(key: OrderKey, created: boolean, error: unknown): Promise<OrderOutcome> {
    if (!created || !provablyNotApplied(error)) return 'unknown';
    const deleted = await this.orders.deleteUnaccepted(key).catch(() => false);
    return deleted ? 'not-accepted' : 'unknown';
  }

  /**
   * A repeat of an accepted order that is not finished publishes it again, so that an order whose
   * message was lost still reaches the processor; but only once its last publish is
   * REPUBLISH_AFTER_MS old, and at most REPUBLISH_LIMIT times: a client polling with POST adds no
   * message per request. The order is accepted whatever happens here, so a failure is only logged.
   */
  private async republishIfDue(order: Order): Promise<void> {
    if (this.config.REPUBLISH_LIMIT === 0) return;
    const now = new Date();
    try {
      const due = await this.orders.reserveRepublish(
        order,
        new Date(now.getTime() - this.config.REPUBLISH_AFTER_MS),
        this.config.REPUBLISH_LIMIT,
        now,
      );
      if (due) await this.publisher.publish(order);
    } catch (error) {
      this.logger.warn({
        msg: 'republish of an accepted order failed',
        orderId: order.orderId,
        customerId: order.customerId,
        error: (error as Error).message,
      });
    }
  }
}

/** A dependency's error as the answer about this order; anything else (a defect) passes as is. */
function failed(orderId: string, error: unknown, outcome?: OrderOutcome): unknown {
  if (error instanceof DependencyUnavailableError || error instanceof DependencyRejectedError) {
    return new OrderRequestFailedError(orderId, error, outcome);
  }
  return error;
}
