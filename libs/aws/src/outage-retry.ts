import { DependencyUnavailableError } from '@app/domain';

/**
 * Tries in all for a call whose error is `unknown` to classifyAwsError: enough to ride out a
 * blip that surfaced oddly, few enough that a defect (a TypeError, a marshalling error) fails
 * its order instead of being retried as an outage forever.
 */
export const UNKNOWN_ERROR_MAX_TRIES = 3;

/**
 * Whether a retry policy should try a call again after `error` ended its `attemptNumber`-th try
 * (1 after the first failure, as exponential-backoff's `retry(error, attemptNumber)` counts): a
 * real outage for as long as it lasts, an error with a `retryLimit` (an unknown error) until that
 * many tries have failed, anything else (a refusal, a defect) never. Use it as
 * `backOff(call, { numOfAttempts: Number.MAX_SAFE_INTEGER, retry: isRetryableOutage })`, adding
 * the caller's own conditions (`&& !shuttingDown`).
 */
export function isRetryableOutage(error: unknown, attemptNumber: number): boolean {
  if (!(error instanceof DependencyUnavailableError)) return false;
  return error.retryLimit === undefined || attemptNumber < error.retryLimit;
}
