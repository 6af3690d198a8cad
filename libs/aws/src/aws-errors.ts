import { isThrottlingError, isTransientError } from '@smithy/core/retry';
import { SLOT_WAIT_TIMEOUT } from './slot-wait-timeout.error';

type SdkError = Parameters<typeof isTransientError>[0];

/**
 * What an AWS error means to the caller:
 * - `condition-failed`: a conditional write's condition did not hold, an expected answer;
 * - `retryable`: the dependency is throttling, failing (5xx), timing out or unreachable, an
 *   outage that waiting may cure;
 * - `rejected`: the request itself was refused (validation, access denied, not found): a
 *   defect or bad input that no retry will cure;
 * - `unknown`: neither an answer from AWS nor a known network failure (a TypeError, a
 *   marshalling error, an abort): it may be an outage or a defect, so it is retried, but only a
 *   few times (see outageRetries).
 */
export type AwsErrorClass = 'condition-failed' | 'retryable' | 'rejected' | 'unknown';

/**
 * Node's errors of a connection that failed or broke, by `code`; sqs-consumer passes the code
 * on as the error's name, so both are read. Smithy knows these too, but only by `code`.
 */
const NETWORK_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/**
 * Throttling codes beyond smithy's THROTTLING_ERROR_CODES, which lists generic names only: KMS
 * throttling the service's encryption (SNS `KMSThrottlingException`, SQS `KmsThrottled`) and
 * service-prefixed names end this way. `TooManyEntriesInBatchRequest` does not: it is bad input.
 */
const THROTTLING_NAME = /(Throttling|Throttled)(Exception)?$|TooManyRequests(Exception)?$/;

/** A throttling answer: smithy's rule (429, its list of codes, the throttling trait) or ours. */
export function isThrottling(error: Error): boolean {
  return isThrottlingError(error as SdkError) || THROTTLING_NAME.test(error.name);
}

/** A connection that could not be made or broke before the answer (no HTTP status to read). */
function isNetworkError(error: Error): boolean {
  const { code } = error as { code?: unknown };
  return (
    NETWORK_ERROR_CODES.has(error.name) ||
    (typeof code === 'string' && NETWORK_ERROR_CODES.has(code)) ||
    error.message === 'socket hang up'
  );
}

/** The one place AWS errors are classified; callers decide from the class, never from names. */
export function classifyAwsError(error: unknown): AwsErrorClass {
  if (!(error instanceof Error)) return 'rejected';
  if (error.name === 'ConditionalCheckFailedException') return 'condition-failed';
  const sdkError = error as SdkError;
  const status = sdkError.$metadata?.httpStatusCode;
  if (isThrottling(error) || isTransientError(sdkError)) return 'retryable';
  if (status !== undefined && status >= 500) return 'retryable';
  if (isNetworkError(error) || error.name === SLOT_WAIT_TIMEOUT) return 'retryable';
  // No HTTP answer and not the network: nothing says this is an outage that waiting cures.
  if (status === undefined && !('$fault' in error)) return 'unknown';
  return 'rejected';
}

/** The AWS error code (`ValidationException`, `AccessDeniedException`, …) for messages and logs. */
export function awsErrorCode(error: unknown): string {
  return error instanceof Error ? error.name : 'UnknownError';
}
