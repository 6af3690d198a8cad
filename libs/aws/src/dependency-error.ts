import { Dependency, DependencyRejectedError, DependencyUnavailableError } from '@app/domain';
import { awsErrorCode, classifyAwsError } from './aws-errors';
import { certainlyNotApplied } from './certainly-not-applied';
import { UNKNOWN_ERROR_MAX_TRIES } from './outage-retry';

/**
 * An AWS SDK error as the domain's error of its class: an outage (retryable), or a rejection
 * (not). An outage says whether the call provably never took effect (certainlyNotApplied), and
 * an `unknown` error is an outage retried a few times only (outageRetries). Every adapter that
 * calls AWS for an order wraps its errors here, so use cases and the HTTP layer decide from the
 * class alone.
 */
export function dependencyError(
  dependency: Dependency,
  error: unknown,
): DependencyUnavailableError | DependencyRejectedError {
  const kind = classifyAwsError(error);
  if (kind === 'rejected') return new DependencyRejectedError(dependency, awsErrorCode(error), error);
  return new DependencyUnavailableError(dependency, error, {
    notApplied: certainlyNotApplied(error),
    ...(kind === 'unknown' ? { retryLimit: UNKNOWN_ERROR_MAX_TRIES } : {}),
  });
}
