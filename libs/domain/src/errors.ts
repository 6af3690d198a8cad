/** Domain errors; the HTTP layer maps each to one status code. */
import { OrderKey, orderStatusPath } from './order';

/** Same orderId, different content (409). */
export class OrderConflictError extends Error {
  constructor(readonly orderId: string) {
    super(`Order ${orderId} already exists with a different body; use a new orderId`);
    this.name = 'OrderConflictError';
  }
}

/** Another worker is still processing this order and did not finish in time (409). */
export class OrderInProgressError extends Error {
  readonly orderId: string;

  constructor(key: OrderKey) {
    super(`Order ${key.orderId} is still being processed; poll GET ${orderStatusPath(key)} for its result`);
    this.orderId = key.orderId;
    this.name = 'OrderInProgressError';
  }
}

/** The AWS services an order depends on. */
export type Dependency = 'DynamoDB' | 'SNS' | 'SQS';

/** What is known of an unavailable dependency's failed call beyond the outage itself. */
export interface UnavailableDetails {
  readonly notApplied?: boolean;
  readonly retryLimit?: number;
}

/** A dependency (DynamoDB, SNS, SQS) is unreachable, failing or throttling: an outage (503, retried). */
export class DependencyUnavailableError extends Error {
  /**
   * The call provably never took effect at the service (throttled, a connection refused, never
   * sent): nothing was written or published by it. False when it may have been (a timeout, a
   * reset connection, a 5xx), which is never proof that it was not.
   */
  readonly notApplied: boolean;
  /**
   * Tries a retry policy may make in all. Unset for a real outage, retried for as long as it
   * lasts; set for an error that may not be an outage at all (no answer from AWS and no known
   * network failure), so that a defect is not retried forever.
   */
  readonly retryLimit?: number;

  constructor(
    readonly dependency: Dependency,
    cause: unknown,
    details: UnavailableDetails = {},
  ) {
    super(`${dependency} is unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    this.name = 'DependencyUnavailableError';
    this.notApplied = details.notApplied ?? false;
    if (details.retryLimit !== undefined) this.retryLimit = details.retryLimit;
  }
}

/**
 * A dependency refused the request itself (validation, access denied, not found): a
 * defect or input that slipped past validation, not an outage. Never retried as one.
 */
export class DependencyRejectedError extends Error {
  constructor(
    readonly dependency: Dependency,
    readonly code: string,
    cause: unknown,
  ) {
    super(
      `${dependency} rejected the request (${code}): ${cause instanceof Error ? cause.message : String(cause)}`,
      {
        cause,
      },
    );
    this.name = 'DependencyRejectedError';
  }
}

/** The simulated fulfilment failed (FAILURE_RATE). */
export class FulfilmentFailedError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'FulfilmentFailedError';
  }
}

/**
 * What the server knows of an order whose request failed on a dependency:
 * - `not-accepted`: nothing was stored that can be fulfilled and nothing can have been published:
 *   the order will not happen unless the client sends it again;
 * - `unknown`: a write or a publish may have taken effect: the order may be fulfilled. A retry with
 *   the same orderId and body is safe either way; a retry with a new id may order twice.
 */
export type OrderOutcome = 'not-accepted' | 'unknown';

/** A request about one order failed on a dependency: the order's id, the cause and what is known. */
export class OrderRequestFailedError extends Error {
  constructor(
    readonly orderId: string,
    override readonly cause: DependencyUnavailableError | DependencyRejectedError,
    /** Set for a request that submits an order; a read changes nothing. */
    readonly outcome?: OrderOutcome,
  ) {
    super(cause.message, { cause });
    this.name = 'OrderRequestFailedError';
  }
}

/** No visible order has this id (404). */
export class OrderNotFoundError extends Error {
  /** `hint`: where to look instead, when the caller asked in a place that cannot hold the order. */
  constructor(
    readonly orderId: string,
    hint?: string,
  ) {
    super(`Order ${orderId} not found${hint ? `: ${hint}` : ''}`);
    this.name = 'OrderNotFoundError';
  }
}
