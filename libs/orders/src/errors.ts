/** Domain errors; the HTTP layer maps each to one status code. */
import { awsErrorCode, classifyAwsError } from '@app/aws';

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

/** A dependency (DynamoDB, SNS, SQS) is unreachable, failing or throttling: an outage (503, retried). */
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

/**
 * A dependency refused the request itself (validation, access denied, not found): a
 * defect or input that slipped past validation, not an outage. Never retried as one.
 */
export class DependencyRejectedError extends Error {
  constructor(
    readonly dependency: 'DynamoDB' | 'SNS' | 'SQS',
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

/** Wraps an AWS SDK error by its class: an outage (retryable) or a rejection (not). */
export function dependencyError(
  dependency: 'DynamoDB' | 'SNS' | 'SQS',
  error: unknown,
): DependencyUnavailableError | DependencyRejectedError {
  return classifyAwsError(error) === 'rejected'
    ? new DependencyRejectedError(dependency, awsErrorCode(error), error)
    : new DependencyUnavailableError(dependency, error);
}

/** The simulated fulfilment failed (FAILURE_RATE). */
export class FulfilmentFailedError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'FulfilmentFailedError';
  }
}
