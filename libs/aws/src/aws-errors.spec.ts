import { ConditionalCheckFailedException, DynamoDBServiceException } from '@aws-sdk/client-dynamodb';
import { classifyAwsError } from './aws-errors';
import { SlotWaitTimeoutError } from './slot-wait-timeout.error';

function serviceError(name: string, httpStatusCode: number, fault: 'client' | 'server' = 'client') {
  return new DynamoDBServiceException({ name, $fault: fault, $metadata: { httpStatusCode }, message: name });
}

const networkError = (fields: object, message = 'network') => Object.assign(new Error(message), fields);

describe(classifyAwsError.name, () => {
  it('a failed condition is an expected answer', () => {
    const sut = new ConditionalCheckFailedException({ $metadata: { httpStatusCode: 400 }, message: 'x' });
    expect(classifyAwsError(sut)).toBe('condition-failed');
  });

  it.each([
    ['ThrottlingException', 400],
    ['ProvisionedThroughputExceededException', 400],
    ['RequestLimitExceeded', 400],
    ['TooManyRequestsException', 429],
    ['InternalServerError', 500],
    ['ServiceUnavailable', 503],
  ])('%s (%d) is retryable', (name, status) => {
    expect(classifyAwsError(serviceError(name, status, status >= 500 ? 'server' : 'client'))).toBe(
      'retryable',
    );
  });

  // Throttling codes that smithy's list (THROTTLING_ERROR_CODES) misses: KMS throttling a
  // service's encryption (SNS's KMSThrottlingException, SQS's KmsThrottled), and the
  // service-prefixed names a service may add later.
  it.each([
    ['KMSThrottlingException', 400],
    ['KmsThrottled', 400],
    ['KinesisThrottlingException', 400],
    ['SomethingThrottled', 400],
    ['EC2ThrottledException', 400],
  ])('%s (%d) is throttling, so retryable, not a refusal', (name, status) => {
    expect(classifyAwsError(serviceError(name, status))).toBe('retryable');
  });

  it('timeouts and network errors are retryable', () => {
    expect(classifyAwsError(networkError({ name: 'TimeoutError' }))).toBe('retryable');
    expect(classifyAwsError(networkError({ name: 'RequestTimeout' }))).toBe('retryable');
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']) {
      expect([code, classifyAwsError(networkError({ code }))]).toEqual([code, 'retryable']);
      // sqs-consumer passes the code on as the error's name.
      expect([code, classifyAwsError(networkError({ name: code }))]).toEqual([code, 'retryable']);
    }
    expect(classifyAwsError(new Error('socket hang up'))).toBe('retryable');
  });

  it('a call that waited too long for a DynamoDB slot is retryable', () => {
    expect(classifyAwsError(new SlotWaitTimeoutError(2000))).toBe('retryable');
  });

  it.each([
    ['a TypeError', new TypeError("Cannot read properties of undefined (reading 'S')")],
    ['a marshalling error', new Error('Unsupported type passed: [object Object]')],
    ['an error with a code no one knows', networkError({ code: 'ERR_SOMETHING_ELSE' })],
    ['an abort', networkError({ name: 'AbortError' }, 'Request aborted')],
  ])('%s, with no HTTP answer and no fault, is unknown: neither an outage nor an answer', (_, error) => {
    expect(classifyAwsError(error)).toBe('unknown');
  });

  it.each([
    ['ValidationException', 400],
    ['AccessDeniedException', 400],
    ['ResourceNotFoundException', 400],
    ['AuthorizationError', 403],
    ['NotFound', 404],
    ['TooManyEntriesInBatchRequest', 400],
  ])('%s (%d) is rejected: a defect or bad input, never retried as an outage', (name, status) => {
    expect(classifyAwsError(serviceError(name, status))).toBe('rejected');
  });
});
