/** Domain errors; the HTTP layer maps each to one status code. */

/** Same orderId, different content (409). */
export class OrderConflictError extends Error {
  constructor(readonly orderId: string) {
    super(`Order ${orderId} already exists with a different body; use a new orderId`);
    this.name = 'OrderConflictError';
  }
}

/** Another worker is still processing this order and did not finish in time (409). */
export class OrderInProgressError extends Error {
  constructor(readonly orderId: string) {
    super(`Order ${orderId} is still being processed; poll GET /orders/${orderId} for its result`);
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
