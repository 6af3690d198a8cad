import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { EMULATOR_CREDENTIALS } from '@app/emulator';
import { MotoServer } from '@app/testing';

const MESSAGES = 3000;
const SENDERS = 6;
const RECEIVERS = 6;

/**
 * libs/emulator/moto-server.py against moto's own thread-safety gaps in SQS, which the processor's
 * concurrent receives, deletes and the receiver's publishes hit at load. Unpatched, moto 5.x
 * rebuilds a queue's message list on every delete, so a message sent meanwhile is dropped, and
 * two receives at once can both take the same message. SQS may deliver a message twice
 * (at-least-once), but it never loses one.
 */
describe('libs/emulator/moto-server.py: SQS under concurrent sends, receives and deletes (e2e)', () => {
  let moto: MotoServer;
  let sqs: SQSClient;

  beforeAll(async () => {
    moto = await MotoServer.start();
    sqs = new SQSClient({
      endpoint: moto.endpoint,
      region: 'us-east-1',
      credentials: {
        accessKeyId: EMULATOR_CREDENTIALS.AWS_ACCESS_KEY_ID,
        secretAccessKey: EMULATOR_CREDENTIALS.AWS_SECRET_ACCESS_KEY,
      },
    });
  });

  afterAll(async () => {
    sqs?.destroy();
    await moto?.stop();
  });

  it(`delivers each of ${MESSAGES} messages sent while others are received and deleted`, async () => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'race' }));
    let next = 0;
    let sendersDone = 0;
    const send = async () => {
      while (next < MESSAGES) {
        const start = next;
        next += 10;
        const entries = Array.from({ length: Math.min(10, MESSAGES - start) }, (_, i) => ({
          Id: String(i),
          MessageBody: `m-${start + i}`,
        }));
        await sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: entries }));
      }
      sendersDone++;
    };
    const received = new Map<string, number>();
    const receive = async () => {
      for (;;) {
        const { Messages = [] } = await sqs.send(
          new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
        );
        if (Messages.length === 0) {
          if (sendersDone === SENDERS) return;
          continue;
        }
        for (const m of Messages) received.set(m.Body!, (received.get(m.Body!) ?? 0) + 1);
        await sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl,
            Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
          }),
        );
      }
    };
    await Promise.all([
      ...Array.from({ length: SENDERS }, send),
      ...Array.from({ length: RECEIVERS }, receive),
    ]);

    const lost = Array.from({ length: MESSAGES }, (_, i) => `m-${i}`).filter((b) => !received.has(b));
    const twice = [...received].filter(([, n]) => n > 1).map(([b]) => b);
    expect({ lost: lost.length, twice: twice.length }).toEqual({ lost: 0, twice: 0 });
  }, 120000);
});
