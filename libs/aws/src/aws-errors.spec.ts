import { ConditionalCheckFailedException, DynamoDBServiceException } from '@aws-sdk/client-dynamodb';
import { classifyAwsError } from './aws-errors';

function serviceError(name: string, httpStatusCode: number, fault: 'client' | 'server' = 'client') {
  return new DynamoDBServiceException({ name, $fault: fault, $metadata: { httpStatusCode }, message: name });
}

describe(classifyAwsError.name, () => {
  it('a failed condition is an expected answer', () => {
    const sut = new ConditionalCheckFailedException({ $metadata: { httpStatusCode: 400 }, message: 'x' });
    expect(classifyAwsError(sut)).toBe('condition-failed');
  });

  it.each([
    ['ThrottlingException', 400],
    ['ProvisionedThroughputExceededException', 400],
    ['RequestLimitExceeded', 400],
    ['InternalServerError', 500],
    ['ServiceUnavailable', 503],
  ])('%s (%d) is retryable', (name, status) => {
    expect(classifyAwsError(serviceError(name, status, status >= 500 ? 'server' : 'client'))).toBe(
      'retryable',
    );
  });

  it('timeouts and network errors are retryable', () => {
    expect(classifyAwsError(Object.assign(new Error('timed out'), { name: 'TimeoutError' }))).toBe(
      'retryable',
    );
    expect(classifyAwsError(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }))).toBe('retryable');
    expect(classifyAwsError(Object.assign(new Error('reset'), { code: 'ECONNRESET' }))).toBe('retryable');
  });

  it.each([
    ['ValidationException', 400],
    ['AccessDeniedException', 400],
    ['ResourceNotFoundException', 400],
    ['AuthorizationError', 403],
    ['NotFound', 404],
  ])('%s (%d) is rejected: a defect or bad input, never retried as an outage', (name, status) => {
    expect(classifyAwsError(serviceError(name, status))).toBe('rejected');
  });
});
