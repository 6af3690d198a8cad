import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import { DependencyRejectedError, isFinal, Order, orderFingerprint } from '@app/domain';
import { DynamoOrderRepository, OrderRecord } from '@app/storage';
import { FulfilmentSimulator } from './fulfilment.simulator';
import { LeaseGuard } from './lease-guard';

/** Runs a storage call, possibly again after a transient failure. */
export type RetryPolicy = <T>(call: () => Promise<T>) => Promise<T>;
const NO_RETRY: RetryPolicy = (call) => call();

export interface ProcessOptions {
  readonly channel: 'sync' | 'async';
  /** Given the claimed record: when this attempt fails, record FAILED instead of leaving it for a retry. */
  readonly isFinalAttempt: (record: OrderRecord) => boolean;
  /** How long the in-progress marker lives without a heartbeat. */
  readonly leaseMs: number;
  /** How storage calls are retried while DynamoDB is unreachable (default: not at all). */
  readonly retry?: RetryPolicy;
  /** How the claim is retried, if not as `retry`: a sync request sends claims only early in its backstop's hold. */
  readonly claimRetry?: RetryPolicy;
  /** Fired on shutdown: the run stops and the order is released for another worker. One per order. */
  readonly signal?: AbortSignal;
}

export type ProcessOutcome =
  | { readonly kind: 'completed'; readonly record: OrderRecord }
  | { readonly kind: 'failed'; readonly record: OrderRecord; readonly reason: string }
  | { readonly kind: 'retry'; readonly reason: string; readonly attempts: number }
  /** Stopped by the signal before finishing; released for another worker. */
  | { readonly kind: 'aborted' }
  /** Already COMPLETED or FAILED: a duplicate delivery or request; nothing was run. */
  | { readonly kind: 'duplicate'; readonly record: OrderRecord }
  /** Another live worker holds it; try again after `retryAfterMs`. */
  | { readonly kind: 'busy'; readonly retryAfterMs: number }
  /** The id exists with a different body. */
  | { readonly kind: 'conflict'; readonly record: OrderRecord }
  /** Our lease expired or was taken over mid-run; we stopped and wrote nothing. Another worker's result stands. */
  | { readonly kind: 'lease-lost' }
  /** A dependency refused a call (validation, access denied): not an outage, retrying it as one would not help. */
  | { readonly kind: 'rejected'; readonly reason: string; readonly error: DependencyRejectedError };

/** The key a real downstream deduplicates one run of an order on (see FulfilmentRun). */
export function idempotencyKeyOf(record: Pick<OrderRecord, 'orderId' | 'run'>): string {
  return `${record.orderId}:run-${record.run ?? 1}`;
}

/**
 * Runs one order to its end, exactly once in effect, for both the sync
 * endpoint and the processor: claim with a conditional write (lease), run the
 * fulfilment while a heartbeat renews the lease (a LeaseGuard stops the work
 * when it cannot), then complete or fail with a write conditioned on still
 * holding the lease. The fulfilment gets an idempotency key per run of the
 * order, so that a downstream deduplicates the one case a lease cannot fence: a
 * holder that dies between the fulfilment and its final write.
 */
@Injectable()
export class OrderProcessingService {
  private readonly logger = new Logger(OrderProcessingService.name);
  private readonly instanceId = `${hostname()}:${process.pid}`;

  constructor(
    private readonly orders: DynamoOrderRepository,
    private readonly fulfilment: FulfilmentSimulator,
  ) {}

  async process(order: Order, options: ProcessOptions): Promise<ProcessOutcome> {
    try {
      return await this.run(order, options);
    } catch (error) {
      if (!(error instanceof DependencyRejectedError)) throw error;
      this.logger.error({
        msg: 'order refused by a dependency',
        orderId: order.orderId,
        error: error.message,
      });
      return { kind: 'rejected', reason: error.message, error };
    }
  }

  private async run(order: Order, options: ProcessOptions): Promise<ProcessOutcome> {
    const retry = options.retry ?? NO_RETRY;
    const owner = `${this.instanceId}:${randomUUID()}`;
    const { orderId } = order;
    // The lease runs from the attempt that succeeded, not from the first of an outage's retries.
    let claimedAt = performance.now();
    const claim = await (options.claimRetry ?? retry)(() => {
      claimedAt = performance.now();
      return this.orders.claim(order, options.channel, owner, options.leaseMs, new Date());
    });
    if (!claim.claimed) return this.explainRefusal(order, claim.record);

    const attempt = claim.record.attempts;
    const idempotencyKey = idempotencyKeyOf(claim.record);
    this.logger.log({ msg: 'order processing started', orderId, attempt, channel: options.channel });
    // The guard renews until the final write is done, so a slow write cannot let the lease lapse.
    const lease = new LeaseGuard(
      {
        renew: () => this.orders.renewLease(orderId, owner, options.leaseMs, new Date()),
        leaseMs: options.leaseMs,
        onRenewalError: (error) =>
          this.logger.warn({ msg: 'order lease renewal failed', orderId, error: error.message }),
      },
      claimedAt,
    ).start();
    const signal = options.signal ? AbortSignal.any([lease.signal, options.signal]) : lease.signal;
    try {
      try {
        await this.fulfilment.fulfil(order, { idempotencyKey, signal });
      } catch (error) {
        if (lease.lost) {
          // Another worker may hold the order by now: any write of ours could undo its work.
          this.logger.warn({
            msg: 'order lease lost, fulfilment stopped',
            orderId,
            attempt,
            reason: lease.lost,
          });
          return { kind: 'lease-lost' };
        }
        // Checked after the lease: a lost lease forbids the release's write even during shutdown.
        if (options.signal?.aborted) {
          await retry(() =>
            this.orders.releaseForRetry(orderId, owner, 'interrupted by shutdown', new Date()),
          );
          this.logger.warn({ msg: 'order released at shutdown', orderId, attempt });
          return { kind: 'aborted' };
        }
        const reason = error instanceof Error ? error.message : String(error);
        return await this.handleFailure(
          orderId,
          owner,
          reason,
          attempt,
          options.isFinalAttempt(claim.record),
          retry,
        );
      }
      this.logger.log({ msg: 'order fulfilled', orderId, attempt, idempotencyKey });
      const completed = await retry(() => this.orders.complete(orderId, owner, new Date()));
      if (!completed) {
        this.logger.warn({ msg: 'order lease lost before completion', orderId, attempt });
        return { kind: 'lease-lost' };
      }
      this.logger.log({ msg: 'order completed', orderId, attempt });
      return { kind: 'completed', record: completed };
    } finally {
      lease.stop();
    }
  }

  private async handleFailure(
    orderId: string,
    owner: string,
    reason: string,
    attempts: number,
    isFinalAttempt: boolean,
    retry: RetryPolicy,
  ): Promise<ProcessOutcome> {
    if (!isFinalAttempt) {
      this.logger.warn({ msg: 'order attempt failed, will retry', orderId, attempt: attempts, reason });
      await retry(() => this.orders.releaseForRetry(orderId, owner, reason, new Date()));
      return { kind: 'retry', reason, attempts };
    }
    const failed = await retry(() => this.orders.fail(orderId, owner, reason, new Date()));
    if (!failed) return { kind: 'lease-lost' };
    this.logger.warn({ msg: 'order failed', orderId, attempt: attempts, reason });
    return { kind: 'failed', record: failed, reason };
  }

  private explainRefusal(order: Order, record: OrderRecord | undefined): ProcessOutcome {
    // The condition failed but the item is gone: only a concurrent delete of an
    // unaccepted order does that; treat it as busy so the caller retries.
    if (!record) return { kind: 'busy', retryAfterMs: 100 };
    if (record.fingerprint !== orderFingerprint(order)) return { kind: 'conflict', record };
    if (isFinal(record.status)) return { kind: 'duplicate', record };
    // PROCESSING under a live lease (the only other way the claim can fail).
    return { kind: 'busy', retryAfterMs: Math.max(100, (record.leaseExpiresAt ?? 0) - Date.now()) };
  }
}
