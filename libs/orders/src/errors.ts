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

/** A dependency (DynamoDB, SNS, SQS) could not be reached or refused the call (503). */
export class DependencyUnavailableError extends Error {
  constructor(
    readonly dependency: 'DynamoDB' | 'SNS' | 'SQS',
    cause: unknown,
  ) {
    super(`${dependency} is unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    this.name = 'DependencyUnavailableError';
  }
}

/** The simulated fulfilment failed (FAILURE_RATE). */
export class FulfilmentFailedError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'FulfilmentFailedError';
  }
}
