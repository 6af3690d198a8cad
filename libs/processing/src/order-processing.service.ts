import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import { DependencyRejectedError, isFinal, Order, orderFingerprint, OrderKey, orderKeyOf } from '@app/domain';
import { attemptsInRun, ClaimResult, DynamoOrderRepository, OrderRecord } from '@app/storage';
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
  /**
   * Whether the claim may create the order when no item holds its id (default true). False for
   * a sync order's backstop, which may only finish an order its request stored.
   */
  readonly createIfAbsent?: boolean;
}

export type ProcessOutcome =
  | { readonly kind: 'completed'; readonly record: OrderRecord }
  | { readonly kind: 'failed'; readonly record: OrderRecord; readonly reason: string }
  /** Failed with attempts left in the run; `attempts`: those used in the run so far. */
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
  /** Claimed with `createIfAbsent: false`, and no order holds the id: there is nothing to finish. */
  | { readonly kind: 'absent' }
  /**
   * A dependency refused a call (validation, access denied): not an outage, retrying it as one
   * would not help. After the claim the lease was released (lastError: the reason), so the next
   * attempt can claim the order at once; `final` then says whether that was the run's last attempt,
   * on which the FAILED write was refused too (logged). Before the claim nothing was recorded, and
   * `final` is undefined: the caller bounds the retries itself.
   */
  | {
      readonly kind: 'rejected';
      readonly reason: string;
      readonly error: DependencyRejectedError;
      readonly final?: boolean;
    };

/** The order this worker holds under its lease, and what its run knows. */
interface HeldOrder {
  readonly key: OrderKey;
  readonly owner: string;
  /** The order's attempts so far, this one included (over its whole history). */
  readonly attempt: number;
  /** This attempt's number in the order's current run (see attemptsInRun). */
  readonly attemptInRun: number;
  /** This is the run's last attempt: a failure is recorded FAILED, not left for a retry. */
  readonly final: boolean;
  /** A FAILED record waits for the order's backstop to take it to the dead-letter queue. */
  readonly awaitingDeadLetter: boolean;
  readonly retry: RetryPolicy;
}

/**
 * Whether the attempt that claimed `record` is the last of its run, for a worker that gives each
 * run `attemptsPerRun` attempts (the processor: MAX_RECEIVE_COUNT). Read from the record, so a
 * receive that ran nothing costs no attempt, and a redriven order gets a full set again.
 */
export function isLastAttemptOfRun(record: OrderRecord, attemptsPerRun: number): boolean {
  return attemptsInRun(record) >= attemptsPerRun;
}

/**
 * The key a real downstream deduplicates one run of an order on (see FulfilmentRun): the customer's,
 * since an orderId is unique per customer only. Read from the right, it is unambiguous: neither
 * an orderId nor `run-N` holds a colon.
 */
export function idempotencyKeyOf(record: Pick<OrderRecord, 'customerId' | 'orderId' | 'run'>): string {
  return `${record.customerId}:${record.orderId}:run-${record.run ?? 1}`;
}

/**
 * Runs one order to its end, exactly once in effect, for both the sync
 * endpoint and the processor: claim with a conditional write (lease), run the
 * fulfilment while a heartbeat renews the lease (a LeaseGuard stops the work
 * when it cannot), then complete or fail with a write conditioned on still
 * holding the lease. The fulfilment gets an idempotency key per run of the
 * order, so that a downstream deduplicates the one case a lease cannot fence: a
 * holder that dies between the fulfilment and its final write. Once claimed, the
 * order never keeps its lease past the run: a failure or a refused write
 * releases it for the next attempt, or, on the run's last attempt, records it
 * FAILED with the reason.
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
    const retry = options.retry ?? NO_RETRY;
    const owner = `${this.instanceId}:${randomUUID()}`;
    const key = orderKeyOf(order);
    const { orderId, customerId } = key;
    // The lease runs from the attempt that succeeded, not from the first of an outage's retries.
    let claimedAt = performance.now();
    let claim: ClaimResult;
    try {
      claim = await (options.claimRetry ?? retry)(() => {
        claimedAt = performance.now();
        return this.orders.claim(order, options.channel, owner, options.leaseMs, new Date(), {
          createIfAbsent: options.createIfAbsent,
        });
      });
    } catch (error) {
      if (!(error instanceof DependencyRejectedError)) throw error;
      // Refused at the claim: no attempt is known to have started, so the caller bounds the retries.
      this.logger.error({ msg: 'order refused by a dependency', orderId, customerId, error: error.message });
      return { kind: 'rejected', reason: error.message, error };
    }
    if (!claim.claimed) return this.explainRefusal(order, claim.record, options);

    const attempt = claim.record.attempts;
    const idempotencyKey = idempotencyKeyOf(claim.record);
    this.logger.log({
      msg: 'order processing started',
      orderId,
      customerId,
      attempt,
      channel: options.channel,
    });
    // The guard renews until the final write is done, so a slow write cannot let the lease lapse.
    const lease = new LeaseGuard(
      {
        renew: () => this.orders.renewLease(key, owner, options.leaseMs, new Date()),
        leaseMs: options.leaseMs,
        onRenewalError: (error) =>
          this.logger.warn({ msg: 'order lease renewal failed', orderId, customerId, error: error.message }),
      },
      claimedAt,
    ).start();
    const held: HeldOrder = {
      key,
      owner,
      attempt,
      attemptInRun: attemptsInRun(claim.record),
      final: options.isFinalAttempt(claim.record),
      // The sync endpoint has no message of its own to dead-letter: the backstop carries the failure.
      awaitingDeadLetter: options.channel === 'sync',
      retry,
    };
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
            customerId,
            attempt,
            reason: lease.lost,
          });
          return { kind: 'lease-lost' };
        }
        // Checked after the lease: a lost lease forbids the release's write even during shutdown.
        if (options.signal?.aborted) {
          await this.release(held, 'interrupted by shutdown');
          this.logger.warn({ msg: 'order released at shutdown', orderId, customerId, attempt });
          return { kind: 'aborted' };
        }
        return await this.handleFailure(held, error instanceof Error ? error.message : String(error));
      }
      this.logger.log({ msg: 'order fulfilled', orderId, customerId, attempt, idempotencyKey });
      const completed = await retry(() => this.orders.complete(key, owner, new Date()));
      if (!completed) {
        this.logger.warn({ msg: 'order lease lost before completion', orderId, customerId, attempt });
        return { kind: 'lease-lost' };
      }
      this.logger.log({ msg: 'order completed', orderId, customerId, attempt });
      return { kind: 'completed', record: completed };
    } catch (error) {
      if (!(error instanceof DependencyRejectedError)) throw error;
      return await this.handleRefusal(held, error, lease.lost !== undefined);
    } finally {
      lease.stop();
    }
  }

  private async handleFailure(held: HeldOrder, reason: string): Promise<ProcessOutcome> {
    const { orderId, customerId } = held.key;
    const { attempt } = held;
    if (!held.final) {
      this.logger.warn({ msg: 'order attempt failed, will retry', orderId, customerId, attempt, reason });
      await this.release(held, reason);
      return { kind: 'retry', reason, attempts: held.attemptInRun };
    }
    return this.failOrRelease(held, reason);
  }

  /**
   * The final write refused after the claim (release and fail writes handle their own refusals):
   * the order must not stay held until its lease runs out, nor PROCESSING for good. On the run's
   * last attempt it is recorded FAILED with the reason; otherwise released at once, with the
   * reason as lastError.
   */
  private async handleRefusal(
    held: HeldOrder,
    error: DependencyRejectedError,
    leaseLost: boolean,
  ): Promise<ProcessOutcome> {
    const { orderId, customerId } = held.key;
    const { attempt } = held;
    this.logger.error({
      msg: 'order refused by a dependency',
      orderId,
      customerId,
      attempt,
      error: error.message,
    });
    // Another worker may hold the order by now: any write of ours could undo its work.
    if (leaseLost) return { kind: 'lease-lost' };
    if (held.final) return this.failOrRelease(held, error.message);
    await this.release(held, error.message);
    return { kind: 'rejected', reason: error.message, error, final: false };
  }

  /** Records the order FAILED; if that write is refused, releases it instead, so no lease outlives the run. */
  private async failOrRelease(held: HeldOrder, reason: string): Promise<ProcessOutcome> {
    const { orderId, customerId } = held.key;
    const { owner, attempt } = held;
    try {
      const failed = await held.retry(() =>
        this.orders.fail(held.key, owner, reason, new Date(), {
          awaitingDeadLetter: held.awaitingDeadLetter,
        }),
      );
      if (!failed) return { kind: 'lease-lost' };
      this.logger.warn({ msg: 'order failed', orderId, customerId, attempt, reason });
      return { kind: 'failed', record: failed, reason };
    } catch (error) {
      if (!(error instanceof DependencyRejectedError)) throw error;
      this.logger.error({
        msg: 'order fail write refused; lease released instead',
        orderId,
        customerId,
        attempt,
        reason,
        error: error.message,
      });
      await this.release(held, reason);
      return { kind: 'rejected', reason, error, final: true };
    }
  }

  /**
   * Gives the order back for another attempt, with the reason as lastError. A refused release
   * is logged and left to the lease, which then expires by itself.
   */
  private async release(held: HeldOrder, reason: string): Promise<void> {
    const { orderId, customerId } = held.key;
    const { owner, attempt } = held;
    try {
      await held.retry(() => this.orders.releaseForRetry(held.key, owner, reason, new Date()));
    } catch (error) {
      if (!(error instanceof DependencyRejectedError)) throw error;
      this.logger.error({
        msg: 'order release refused; its lease expires by itself',
        orderId,
        customerId,
        attempt,
        error: error.message,
      });
    }
  }

  /**
   * Records that a FAILED order awaiting its dead letter (failed by the sync endpoint) got it,
   * once its message is in the dead-letter queue. False when it no longer awaits one.
   */
  async recordDeadLettered(key: OrderKey, retry: RetryPolicy): Promise<boolean> {
    return retry(() => this.orders.markDeadLettered(key, new Date()));
  }

  private explainRefusal(
    order: Order,
    record: OrderRecord | undefined,
    options: ProcessOptions,
  ): ProcessOutcome {
    if (!record) {
      if (options.createIfAbsent === false) return { kind: 'absent' };
      // The condition failed but the item is gone: only a concurrent delete of an
      // unaccepted order does that; treat it as busy so the caller retries.
      return { kind: 'busy', retryAfterMs: 100 };
    }
    if (record.fingerprint !== orderFingerprint(order)) return { kind: 'conflict', record };
    if (isFinal(record.status)) return { kind: 'duplicate', record };
    // PROCESSING under a live lease (the only other way the claim can fail).
    return { kind: 'busy', retryAfterMs: Math.max(100, (record.leaseExpiresAt ?? 0) - Date.now()) };
  }
}
