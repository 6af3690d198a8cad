import { receiveErrorClass } from './receive-error';

const consumerError = (fields: object) => Object.assign(new Error('SQS receive message failed'), fields);

describe(receiveErrorClass.name, () => {
  it('reads an access denial passed on by sqs-consumer as refused, not as an outage', () => {
    expect(receiveErrorClass(consumerError({ code: 'AccessDenied', statusCode: 403, fault: 'client' }))).toBe(
      'rejected',
    );
    expect(
      receiveErrorClass(consumerError({ code: 'QueueDoesNotExist', statusCode: 400, fault: 'client' })),
    ).toBe('rejected');
  });

  it('reads throttling, 5xx and network failures as retryable', () => {
    expect(
      receiveErrorClass(consumerError({ code: 'ThrottlingException', statusCode: 400, fault: 'client' })),
    ).toBe('retryable');
    expect(
      receiveErrorClass(consumerError({ code: 'InternalError', statusCode: 500, fault: 'server' })),
    ).toBe('retryable');
    expect(receiveErrorClass(consumerError({ code: 'ECONNREFUSED' }))).toBe('retryable');
    expect(receiveErrorClass(consumerError({ code: 'TimeoutError' }))).toBe('retryable');
  });
});
