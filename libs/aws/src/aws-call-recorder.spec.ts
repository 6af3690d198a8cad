import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { PublishBatchCommand, SNSClient } from '@aws-sdk/client-sns';
import { DeleteMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { RecordedAwsCall } from '@app/aws-resources';
import { AwsCallRecorder } from './aws-call-recorder';

const settings = {
  ORDERS_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:orders-t-topic',
  ORDERS_QUEUE_URL: 'http://emulator/123456789012/orders-t-queue',
  ORDERS_DLQ_URL: 'http://emulator/123456789012/orders-t-dlq',
  ORDERS_TABLE_NAME: 'orders-t-table',
};
const options = { region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } };

/** Answers every call at once, after the recorder, so nothing goes on the network. */
const answerAtOnce = () => async () => ({ output: { $metadata: {} }, response: {} });
type Client = {
  middlewareStack: { add(middleware: never, options: { step: 'initialize'; priority: 'low' }): void };
};
function offline<C extends Client>(client: C): C {
  client.middlewareStack.add(answerAtOnce as never, { step: 'initialize', priority: 'low' });
  return client;
}

describe(AwsCallRecorder.name, () => {
  it('records service, operation and logical resource of each call, also through a document client', async () => {
    const sut = new AwsCallRecorder(settings);
    const calls: RecordedAwsCall[] = [];
    sut.onCall((call) => calls.push(call));
    const sqs = offline(sut.instrument(new SQSClient({ ...options, md5: false })));
    const sns = offline(sut.instrument(new SNSClient(options)));
    const dynamo = DynamoDBDocumentClient.from(offline(sut.instrument(new DynamoDBClient(options))));

    await sqs.send(new SendMessageCommand({ QueueUrl: settings.ORDERS_QUEUE_URL, MessageBody: 'x' }));
    await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: settings.ORDERS_DLQ_URL, Entries: [] }));
    await sns.send(
      new PublishBatchCommand({ TopicArn: settings.ORDERS_TOPIC_ARN, PublishBatchRequestEntries: [] }),
    );
    await dynamo.send(new UpdateCommand({ TableName: settings.ORDERS_TABLE_NAME, Key: { orderId: 'o' } }));
    await sqs.send(new SendMessageCommand({ QueueUrl: 'http://emulator/1/other', MessageBody: 'x' }));

    expect(calls).toEqual([
      { service: 'sqs', operation: 'SendMessage', resource: 'queue' },
      { service: 'sqs', operation: 'DeleteMessageBatch', resource: 'deadLetterQueue' },
      { service: 'sns', operation: 'PublishBatch', resource: 'topic' },
      { service: 'dynamodb', operation: 'UpdateItem', resource: 'table' },
      // Not one of the app's resources: named as called, so a check can point at it.
      { service: 'sqs', operation: 'SendMessage', resource: 'http://emulator/1/other' },
    ]);
  });

  it('appends each call as a JSON line to AWS_CALL_LOG_FILE', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'aws-calls-')), 'calls.jsonl');
    const sut = new AwsCallRecorder({ ...settings, AWS_CALL_LOG_FILE: file });
    const sqs = offline(sut.instrument(new SQSClient({ ...options, md5: false })));

    await sqs.send(new SendMessageCommand({ QueueUrl: settings.ORDERS_DLQ_URL, MessageBody: 'x' }));
    await sqs.send(new SendMessageCommand({ QueueUrl: settings.ORDERS_QUEUE_URL, MessageBody: 'x' }));

    expect(
      readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line)),
    ).toEqual([
      { service: 'sqs', operation: 'SendMessage', resource: 'deadLetterQueue' },
      { service: 'sqs', operation: 'SendMessage', resource: 'queue' },
    ]);
  });
});
