import { isThrottlingError, isTransientError } from '@smithy/core/retry';

type SdkError = Parameters<typeof isTransientError>[0];

/**
 * What an AWS error means to the caller:
 * - `condition-failed`: a conditional write's condition did not hold, an expected answer;
 * - `retryable`: the dependency is throttling, failing (5xx), timing out or unreachable, an
 *   outage that waiting may cure;
 * - `rejected`: the request itself was refused (validation, access denied, not found): a
 *   defect or bad input that no retry will cure.
 */
export type AwsErrorClass = 'condition-failed' | 'retryable' | 'rejected';

/** The one place AWS errors are classified; callers decide from the class, never from names. */
export function classifyAwsError(error: unknown): AwsErrorClass {
  if (!(error instanceof Error)) return 'rejected';
  if (error.name === 'ConditionalCheckFailedException') return 'condition-failed';
  const sdkError = error as SdkError;
  const status = sdkError.$metadata?.httpStatusCode;
  if (isThrottlingError(sdkError) || isTransientError(sdkError)) return 'retryable';
  if (status !== undefined && status >= 500) return 'retryable';
  // No HTTP answer at all (a refused or reset connection, DNS, a socket error): the network.
  if (status === undefined && !('$fault' in error)) return 'retryable';
  return 'rejected';
}

/** The AWS error code (`ValidationException`, `AccessDeniedException`, …) for messages and logs. */
export function awsErrorCode(error: unknown): string {
  return error instanceof Error ? error.name : 'UnknownError';
}
