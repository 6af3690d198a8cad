import { DynamoDBServiceException } from '@aws-sdk/client-dynamodb';
import { DependencyRejectedError, DependencyUnavailableError } from '@app/domain';
import { dependencyError } from './dependency-error';
import { UNKNOWN_ERROR_MAX_TRIES } from './outage-retry';
import { SlotWaitTimeoutError } from './slot-wait-timeout.error';

const answer = (name: string, httpStatusCode: number) =>
  new DynamoDBServiceException({
    name,
    $fault: httpStatusCode >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode, attempts: 1 },
    message: name,
  });

describe(dependencyError.name, () => {
  it('a refusal is a DependencyRejectedError with its code', () => {
    const sut = dependencyError('DynamoDB', answer('ValidationException', 400));
    expect(sut).toBeInstanceOf(DependencyRejectedError);
    expect(sut).toMatchObject({ dependency: 'DynamoDB', code: 'ValidationException' });
  });

  it('a real outage is retried without limit; it may have taken effect', () => {
    const sut = dependencyError('DynamoDB', answer('InternalServerError', 500));
    expect(sut).toBeInstanceOf(DependencyUnavailableError);
    expect(sut).toMatchObject({ notApplied: false, retryLimit: undefined });
  });

  it('an unknown error is an outage with a bounded number of tries', () => {
    const sut = dependencyError('DynamoDB', new TypeError('Cannot convert undefined to object'));
    expect(sut).toBeInstanceOf(DependencyUnavailableError);
    expect(sut).toMatchObject({ notApplied: false, retryLimit: UNKNOWN_ERROR_MAX_TRIES });
  });

  it('carries whether the call provably never took effect', () => {
    expect(dependencyError('SNS', answer('KMSThrottlingException', 400))).toMatchObject({ notApplied: true });
    expect(dependencyError('DynamoDB', new SlotWaitTimeoutError(2000))).toMatchObject({
      notApplied: true,
      retryLimit: undefined,
    });
    const timeout = Object.assign(new Error('timed out'), { name: 'TimeoutError', code: 'ETIMEDOUT' });
    expect(dependencyError('DynamoDB', timeout)).toMatchObject({ notApplied: false });
  });
});
