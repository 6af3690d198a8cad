import { Logger } from '@nestjs/common';
import { Message, SQSClient } from '@aws-sdk/client-sqs';
import { DependencyRejectedError, DependencyUnavailableError } from '@app/domain';
import { SQS_CALL_REFUSED, SqsMessageActions } from './sqs-message.actions';

const CONFIG = {
  ORDERS_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/orders',
  ORDERS_DLQ_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/orders-dlq',
  VISIBILITY_TIMEOUT_SECONDS: 30,
};
const message: Message = { MessageId: 'm-1', ReceiptHandle: 'r-1', Body: '{}' };

/** An error as the SDK raises it for an answer with this status and code. */
function awsError(name: string, status: number): Error {
  return Object.assign(new Error(`${name} from SQS`), {
    name,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status },
  });
}

describe(SqsMessageActions.name, () => {
  let send: jest.Mock;
  let logged: jest.SpyInstance;
  let sut: SqsMessageActions;

  beforeEach(() => {
    send = jest.fn();
    logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    sut = new SqsMessageActions({ send } as unknown as SQSClient, CONFIG);
  });
  afterEach(() => {
    sut.onApplicationShutdown();
    logged.mockRestore();
  });

  const refusedLines = () =>
    logged.mock.calls
      .map(([line]) => line as Record<string, unknown>)
      .filter((l) => l.msg === SQS_CALL_REFUSED);

  it.each([
    ['DeleteMessageBatch', CONFIG.ORDERS_QUEUE_URL, () => sut.acknowledge(message)],
    ['ChangeMessageVisibilityBatch', CONFIG.ORDERS_QUEUE_URL, () => sut.delay(message, 5)],
    ['SendMessage', CONFIG.ORDERS_DLQ_URL, () => sut.deadLetter(message, 'failed', 'o-1')],
  ])(
    'a refused %s is logged once, naming it and the queue, and its caller gets a refusal',
    async (operation, queue, act) => {
      send.mockRejectedValue(awsError('AccessDenied', 403));
      await expect(act()).rejects.toBeInstanceOf(DependencyRejectedError);
      expect(send).toHaveBeenCalledTimes(1);
      expect(refusedLines()).toEqual([
        expect.objectContaining({ operation, queue, code: 'AccessDenied', messages: 1 }),
      ]);
    },
  );

  it('logs no refusal for an outage: the caller gets it as one', async () => {
    send.mockRejectedValue(awsError('ServiceUnavailable', 503));
    await expect(sut.acknowledge(message)).rejects.toBeInstanceOf(DependencyUnavailableError);
    expect(refusedLines()).toEqual([]);
  });

  it('logs no refusal for an entry refused inside a batch that succeeded (a stale receipt handle)', async () => {
    send.mockResolvedValue({
      Failed: [{ Id: '0', Code: 'ReceiptHandleIsInvalid', Message: 'stale', SenderFault: true }],
    });
    await expect(sut.acknowledge(message)).rejects.toBeInstanceOf(DependencyRejectedError);
    expect(refusedLines()).toEqual([]);
  });
});
