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

/** A dependency (DynamoDB, SNS, SQS) is unreachable, failing or throttling: an outage (503, retried). */
export class DependencyUnavailableError extends Error {
  constructor(
    readonly dependency: Dependency,
    cause: unknown,
  ) {
    super(`${dependency} is unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    this.name = 'DependencyUnavailableError';
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
