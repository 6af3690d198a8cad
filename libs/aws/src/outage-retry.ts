import { DependencyUnavailableError } from '@app/domain';

/**
 * Tries in all for a call whose error is `unknown` to classifyAwsError: enough to ride out a
 * blip that surfaced oddly, few enough that a defect (a TypeError, a marshalling error) fails
 * its order instead of being retried as an outage forever.
 */
export const UNKNOWN_ERROR_MAX_TRIES = 3;

/**
 * A retry decision for one call, to be made anew for each call: a real outage is retried for as
 * long as it lasts, an error with a `retryLimit` (an unknown error) until that many of the call's
 * tries have failed with such errors (an outage's failures before them do not count), anything
 * else (a refusal, a defect) never. Use it as
 * `const retryable = outageRetries(); backOff(call, { numOfAttempts: Number.MAX_SAFE_INTEGER,
 * retry: (error) => retryable(error) && …the caller's own conditions })`.
 */
export function outageRetries(): (error: unknown) => boolean {
  let limitedFailures = 0;
  return (error) => {
    if (!(error instanceof DependencyUnavailableError)) return false;
    if (error.retryLimit === undefined) return true;
    limitedFailures += 1;
    return limitedFailures < error.retryLimit;
  };
}
