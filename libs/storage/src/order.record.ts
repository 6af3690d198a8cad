import { Order, OrderStatus } from '@app/domain';

/** The DynamoDB item of one order. */
export interface OrderRecord extends Order {
  readonly totalAmount: number;
  readonly fingerprint: string;
  readonly status: OrderStatus;
  readonly channel: 'sync' | 'async';
  /** Claims of the order for processing, over its whole history (every run): one per attempt started. */
  readonly attempts: number;
  /** Which run of the order this is: 1, and one more after each redrive of a FAILED order. */
  readonly run?: number;
  /** `attempts` when this run began (set by a redrive), so that each run gets a full set of attempts. */
  readonly attemptsBeforeRun?: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Set once SNS acknowledged the publish; until then an async order is not visible. */
  readonly acceptedAt?: string;
  /** When the order was last published to SNS by the receiver (async only). */
  readonly lastPublishedAt?: string;
  /** How often a repeated request published the order again (see reserveRepublish). */
  readonly republished?: number;
  readonly processingStartedAt?: string;
  readonly completedAt?: string;
  readonly failedAt?: string;
  readonly failureReason?: string;
  /**
   * FAILED by the sync endpoint, whose request has no message to dead-letter: the order's
   * backstop message takes it to the dead-letter queue, and the processor then clears this.
   */
  readonly awaitingDeadLetter?: boolean;
  /** Error of the last failed attempt, while retries remain. */
  readonly lastError?: string;
  /** When an operator last redrove the FAILED order from the dead-letter queue for another run. */
  readonly redrivenAt?: string;
  /** In-progress marker: who holds the order and until when (epoch ms); expires if the holder dies. */
  readonly leaseOwner?: string;
  readonly leaseExpiresAt?: number;
  /** Lease owner whose write finished the order, so that a retried finishing write recognises its own. */
  readonly finishedBy?: string;
}

/**
 * Whether GET may show the record. An async order whose publish was never
 * acknowledged is not an order the API accepted, so it stays hidden; once any
 * worker has touched it, it was published.
 */
export function isVisible(record: OrderRecord): boolean {
  return record.acceptedAt !== undefined || record.status !== OrderStatus.PENDING;
}

/** The attempts (claims) of the order's current run: a redrive starts a run with none. */
export function attemptsInRun(record: Pick<OrderRecord, 'attempts' | 'attemptsBeforeRun'>): number {
  return record.attempts - (record.attemptsBeforeRun ?? 0);
}
