import { AwsErrorClass, classifyAwsError } from '@app/aws';

/** What sqs-consumer reports of a failed SDK call (its SQSError copies these from the AWS error). */
export interface ConsumerError extends Error {
  readonly code?: string;
  readonly statusCode?: number;
  readonly fault?: 'client' | 'server';
}

/**
 * The class of a receive error as classifyAwsError sees AWS errors: sqs-consumer passes on an
 * SQSError of its own, with the AWS error's name, HTTP status and fault copied into `code`,
 * `statusCode` and `fault`, so they are put back in the shape of an SDK error first.
 */
export function receiveErrorClass(error: ConsumerError): AwsErrorClass {
  if (error.code === undefined) return classifyAwsError(error);
  const sdkError = Object.assign(new Error(error.message), {
    name: error.code,
    $metadata: { httpStatusCode: error.statusCode },
    ...(error.fault ? { $fault: error.fault } : {}),
  });
  return classifyAwsError(sdkError);
}
