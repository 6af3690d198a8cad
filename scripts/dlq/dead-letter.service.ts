import { Inject, Injectable } from '@nestjs/common';
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  Message,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { dependencyError, SQS_CLIENT } from '@app/aws';
import { APP_CONFIG, ProcessorConfig } from '@app/config';
import { orderFingerprint } from '@app/domain';
import { parseOrderMessage } from '@app/messaging';
import { DynamoOrderRepository } from '@app/storage';
import { DeadLetterEntry, describeDeadLetter, redriveAttributes, redrivenSince } from './dead-letter-message';

/** How long a message listed by `show` stays hidden before it is made visible again. */
const PEEK_VISIBILITY_SECONDS = 30;
/** How long a message being redriven stays hidden; enough to reopen, send and delete a batch. */
const REDRIVE_VISIBILITY_SECONDS = 60;

export interface RedriveResult {
  /** Messages now in the main queue and gone from the dead-letter queue. */
  readonly moved: number;
  /** FAILED orders reset for another run (the rest were malformed, completed or still open). */
  readonly reopened: number;
  /** Messages SQS refused to move; they stay in the dead-letter queue. */
  readonly failed: number;
  /** Dead-lettered again while this run went on (a malformed body, say); left for a later run. */
  readonly skipped: number;
}

/**
 * The operator's view of the dead-letter queue: list it without consuming it,
 * and redrive it to the main queue. A redrive also reopens each FAILED order
 * (FAILED → PROCESSING, lease expired) before its message goes back, so the
 * processor runs it again instead of acknowledging it as a duplicate of a
 * finished order. See docs/dead-letter.md.
 */
@Injectable()
export class DeadLetterService {
  private readonly queueUrl: string;
  private readonly deadLetterQueueUrl: string;

  constructor(
    @Inject(SQS_CLIENT) private readonly sqs: SQSClient,
    private readonly orders: DynamoOrderRepository,
    @Inject(APP_CONFIG) config: Pick<ProcessorConfig, 'ORDERS_QUEUE_URL' | 'ORDERS_DLQ_URL'>,
  ) {
    this.queueUrl = config.ORDERS_QUEUE_URL;
    this.deadLetterQueueUrl = config.ORDERS_DLQ_URL;
  }

  /**
   * Every message in the dead-letter queue. Each is received (SQS has no
   * peek), hidden while the listing runs so it is not counted twice, and made
   * visible again at the end.
   */
  async list(): Promise<DeadLetterEntry[]> {
    const seen = new Map<string, Message>();
    try {
      for (;;) {
        const batch = await this.receive(PEEK_VISIBILITY_SECONDS);
        if (batch.length === 0) break;
        for (const message of batch) seen.set(message.MessageId ?? '', message);
      }
    } finally {
      await this.makeVisible([...seen.values()]);
    }
    return [...seen.values()].map(describeDeadLetter);
  }

  /** Moves every message back to the main queue, reopening FAILED orders first. */
  async redrive(now = () => new Date()): Promise<RedriveResult> {
    let moved = 0;
    let reopened = 0;
    let failed = 0;
    const started = now();
    const skipped: Message[] = [];
    try {
      for (;;) {
        const received = await this.receive(REDRIVE_VISIBILITY_SECONDS);
        if (received.length === 0) break;
        // Without this, a message the processor dead-letters at once (malformed) would go round forever.
        const batch = received.filter((message) => !redrivenSince(message, started));
        skipped.push(...received.filter((message) => redrivenSince(message, started)));
        if (batch.length === 0) continue;
        for (const message of batch) {
          // Before the send: once the message is back, the processor may get it at once. Only the
          // order the message holds is reopened: a conflicting message must not reopen another's.
          const parsed = parseOrderMessage(message.Body);
          if (!parsed.ok) continue;
          // A message of the legacy shape finds no order here (its record, if any, is in the legacy
          // table): nothing is reopened, and the processor runs it as docs/migration.md says.
          if (await this.orders.reopenFailed(parsed.order, orderFingerprint(parsed.order), now())) reopened++;
        }
        const sent = await this.call(() =>
          this.sqs.send(
            new SendMessageBatchCommand({
              QueueUrl: this.queueUrl,
              Entries: batch.map((message, i) => ({
                Id: String(i),
                MessageBody: message.Body ?? '',
                MessageAttributes: redriveAttributes(message, now()),
              })),
            }),
          ),
        );
        const movedHere = (sent.Successful ?? []).map((entry) => batch[Number(entry.Id)]);
        failed += batch.length - movedHere.length;
        if (movedHere.length > 0) {
          await this.call(() =>
            this.sqs.send(
              new DeleteMessageBatchCommand({
                QueueUrl: this.deadLetterQueueUrl,
                Entries: movedHere.map((message, i) => ({
                  Id: String(i),
                  ReceiptHandle: message.ReceiptHandle,
                })),
              }),
            ),
          );
        }
        moved += movedHere.length;
      }
    } finally {
      await this.makeVisible(skipped);
    }
    return { moved, reopened, failed, skipped: skipped.length };
  }

  private async receive(visibilityTimeout: number): Promise<Message[]> {
    // A 1-second long poll asks every SQS server; a short poll may answer empty while messages remain.
    const out = await this.call(() =>
      this.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: this.deadLetterQueueUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 1,
          VisibilityTimeout: visibilityTimeout,
          MessageAttributeNames: ['All'],
          MessageSystemAttributeNames: ['ApproximateReceiveCount', 'SentTimestamp'],
        }),
      ),
    );
    return out.Messages ?? [];
  }

  private async makeVisible(messages: Message[]): Promise<void> {
    for (let i = 0; i < messages.length; i += 10) {
      await this.call(() =>
        this.sqs.send(
          new ChangeMessageVisibilityBatchCommand({
            QueueUrl: this.deadLetterQueueUrl,
            Entries: messages.slice(i, i + 10).map((message, j) => ({
              Id: String(j),
              ReceiptHandle: message.ReceiptHandle,
              VisibilityTimeout: 0,
            })),
          }),
        ),
      );
    }
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw dependencyError('SQS', e);
    }
  }
}
