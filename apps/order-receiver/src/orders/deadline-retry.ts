import { backOff } from 'exponential-backoff';
import { outageRetries } from '@app/aws';
import type { RetryPolicy } from '@app/processing';

const STARTING_DELAY_MS = 200;
const MAX_DELAY_MS = 2000;

/**
 * Retries a storage call through a short outage, but starts no attempt that could not begin before
 * `deadline` (epoch ms): a request's retries are bounded by the time its client (and the load
 * balancer) will wait, not by a count.
 */
export function retryUntil(deadline: number): RetryPolicy {
  return (call) => {
    const retryable = outageRetries();
    return backOff(call, {
      numOfAttempts: Number.MAX_SAFE_INTEGER,
      startingDelay: STARTING_DELAY_MS,
      maxDelay: MAX_DELAY_MS,
      jitter: 'full',
      retry: (error: unknown) => retryable(error) && Date.now() + MAX_DELAY_MS < deadline,
    });
  };
}
