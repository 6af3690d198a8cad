import { Dependency, DependencyRejectedError, DependencyUnavailableError } from '@app/domain';
import { awsErrorCode, classifyAwsError } from './aws-errors';

/**
 * An AWS SDK error as the domain's error of its class: an outage (retryable) or a rejection
 * (not). Every adapter that calls AWS for an order wraps its errors here, so use cases and the
 * HTTP layer decide from the class alone.
 */
export function dependencyError(
  dependency: Dependency,
  error: unknown,
): DependencyUnavailableError | DependencyRejectedError {
  return classifyAwsError(error) === 'rejected'
    ? new DependencyRejectedError(dependency, awsErrorCode(error), error)
    : new DependencyUnavailableError(dependency, error);
}
