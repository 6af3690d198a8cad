/**
 * The SNS and SQS side of emulator-cost: the calls the apps make (publish with raw delivery into the
 * queue, receive, delete, the batch calls) measured against a fresh topic and queue, then checked, with
 * the redrive to the dead-letter queue.
 */
import { randomUUID } from 'node:crypto';
import { PublishBatchCommand, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { awsClientOptions } from '@app/aws';
import { MESSAGING_SETTINGS } from '@app/aws-resources';
import { provisionMessaging } from '@app/emulator';
import { orderBody as order } from '../bench/phases/order-body';
import { Check, clientSettings, Figure, measure, Target } from './measure';

/** The topic and queues measured, their clients, and how many calls from how many callers. */
interface Messaging {
  readonly sns: SNSClient;
  readonly sqs: SQSClient;
  readonly locations: Awaited<ReturnType<typeof provisionMessaging>>;
  readonly pid: (number | undefined)[];
  readonly calls: number;
  readonly callers: number;
}

export async function messagingFigures(
  target: Target,
  calls: number,
  callers: number,
  checks: Check[],
): Promise<Figure[]> {
  const sns = new SNSClient(awsClientOptions(clientSettings(target), 'sns'));
  const sqs = new SQSClient(awsClientOptions(clientSettings(target), 'sqs'));
  const environment = `cost${randomUUID().slice(0, 6)}`;
  const locations = await provisionMessaging(environment, { sns, sqs });
  const messaging: Messaging = { sns, sqs, locations, pid: [target.pid], calls, callers };
  const figures = [...(await singleFigures(messaging, checks)), ...(await batchFigures(messaging, checks))];
  await checkRedrive(messaging, checks);
  sns.destroy();
  sqs.destroy();
  return figures;
}

/** Publish one message at a time; receive and delete one at a time. */
async function singleFigures(m: Messaging, checks: Check[]): Promise<Figure[]> {
  const { sns, sqs, locations, pid, calls, callers } = m;
  const QueueUrl = locations.queueUrl;
  const publish = await measure('SNS Publish (raw delivery into the queue)', calls, callers, pid, (i) =>
    sns.send(new PublishCommand({ TopicArn: locations.topicArn, Message: JSON.stringify(order(`m-${i}`)) })),
  );
  let got = 0;
  let firstBody: string | undefined;
  let receiveCount: string | undefined;
  const pairs = await measure('SQS ReceiveMessage (1) + DeleteMessage', calls, callers, pid, async () => {
    const out = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl,
        MaxNumberOfMessages: 1,
        WaitTimeSeconds: 1,
        MessageSystemAttributeNames: ['ApproximateReceiveCount'],
      }),
    );
    for (const message of out.Messages ?? []) {
      got++;
      firstBody ??= message.Body;
      receiveCount ??= message.Attributes?.ApproximateReceiveCount;
      await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: message.ReceiptHandle }));
    }
  });
  checks.push({
    name: 'raw delivery: the queue gets the published body itself, with ApproximateReceiveCount',
    ok: got === calls && firstBody?.startsWith('{"orderId":"m-') === true && receiveCount === '1',
    detail: `${got} of ${calls} received`,
  });
  return [publish, { ...pairs, operation: 'SQS ReceiveMessage (1) + DeleteMessage, per message' }];
}

/** PublishBatch of 10; receive 10, extend their visibility and delete them, a batch call each. */
async function batchFigures(m: Messaging, checks: Check[]): Promise<Figure[]> {
  const { sns, sqs, locations, pid, calls, callers } = m;
  const QueueUrl = locations.queueUrl;
  const batches = Math.ceil(calls / 10);
  const publish = await measure('SNS PublishBatch (10)', batches, callers, pid, (b) =>
    sns.send(
      new PublishBatchCommand({
        TopicArn: locations.topicArn,
        PublishBatchRequestEntries: Array.from({ length: 10 }, (_, j) => ({
          Id: String(j),
          Message: JSON.stringify(order(`b-${b}-${j}`)),
        })),
      }),
    ),
  );
  let batchGot = 0;
  let visibilityOk = true;
  const receive = await measure(
    'SQS ReceiveMessage (10) + ChangeMessageVisibilityBatch + DeleteMessageBatch',
    batches,
    callers,
    pid,
    async () => {
      const out = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
      );
      const messages = out.Messages ?? [];
      if (!messages.length) return;
      batchGot += messages.length;
      const entries = messages.map((message, j) => ({ Id: String(j), ReceiptHandle: message.ReceiptHandle }));
      const changed = await sqs.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl,
          Entries: entries.map((e) => ({ ...e, VisibilityTimeout: 60 })),
        }),
      );
      visibilityOk &&= (changed.Successful?.length ?? 0) === messages.length;
      await sqs.send(new DeleteMessageBatchCommand({ QueueUrl, Entries: entries }));
    },
  );
  checks.push({
    name: 'PublishBatch, ChangeMessageVisibilityBatch and DeleteMessageBatch',
    ok: visibilityOk && batchGot > 0,
    detail: `${batchGot} of ${batches * 10} received in ${batches} receives`,
  });
  return [publish, receive];
}

/** A message received maxReceiveCount times, and once more, lands in the dead-letter queue. */
async function checkRedrive({ sqs, locations }: Messaging, checks: Check[]): Promise<void> {
  const QueueUrl = locations.queueUrl;
  await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'poison' }));
  for (let i = 0; i < MESSAGING_SETTINGS.maxReceiveCount + 1; i++) {
    await sqs.send(new ReceiveMessageCommand({ QueueUrl, VisibilityTimeout: 0, WaitTimeSeconds: 1 }));
  }
  const dead = await sqs.send(
    new ReceiveMessageCommand({ QueueUrl: locations.deadLetterQueueUrl, WaitTimeSeconds: 2 }),
  );
  checks.push({
    name: `redrive: a message received ${MESSAGING_SETTINGS.maxReceiveCount} times moves to the dead-letter queue`,
    ok: dead.Messages?.[0]?.Body === 'poison',
  });
}
