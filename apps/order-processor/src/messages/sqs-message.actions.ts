import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  Message,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { awsErrorCode, classifyAwsError, dependencyError, SQS_CLIENT } from '@app/aws';
import { APP_CONFIG, ProcessorConfig } from '@app/config';
import { receiveErrorsTotal } from '@app/observability';
import { BatchCoalescer, entryResults, SQS_MAX_BATCH_ENTRIES } from './batch-coalescer';
import { DEAD_LETTER_ATTRIBUTES, ORDER_ID_ATTRIBUTE, sendableAttributes } from '@app/messaging';
import { VisibilityHeartbeat } from './visibility-heartbeat';

/** SQS allows at most 12 hours of visibility. */
export const MAX_VISIBILITY_SECONDS = 43200;
/** SQS delays a sent message by at most 15 minutes. */
export const MAX_DELAY_SECONDS = 900;

/**
 * How long a delete or visibility change waits for others to share its batch
 * call. Short against an order's run; the slot is free again before the delete
 * goes out (see OrderMessageHandler.handle), so it costs no throughput.
 */
export const SQS_BATCH_LINGER_MS = 10;
/** Server-fault entries (SQS's own failure) are sent again this often before the caller sees the error. */
const ENTRY_RETRIES = 2;
/** The log line of an SQS call refused as a whole (see SqsMessageActions.call). */
export const SQS_CALL_REFUSED =
  'SQS call refused: a deployment fault (e.g. a missing IAM permission), not an outage';

interface VisibilityChange {
  readonly message: Message;
  readonly seconds: number;
}

/**
 * What the processor does to a message: keep it hidden while its order runs,
 * delete it, delay it, requeue it, or dead-letter it. Deletes and visibility
 * changes of all the orders in flight are coalesced into DeleteMessageBatch and
 * ChangeMessageVisibilityBatch calls of up to 10.
 */
@Injectable()
export class SqsMessageActions implements OnApplicationShutdown {
  private readonly logger = new Logger(SqsMessageActions.name);
  private readonly queueUrl: string;
  private readonly deadLetterQueueUrl: string;
  private readonly deletes: BatchCoalescer<Message>;
  private readonly visibility: BatchCoalescer<VisibilityChange>;
  private readonly heartbeat: VisibilityHeartbeat;

  constructor(
    @Inject(SQS_CLIENT) private readonly sqs: SQSClient,
    @Inject(APP_CONFIG)
    config: Pick<ProcessorConfig, 'ORDERS_QUEUE_URL' | 'ORDERS_DLQ_URL' | 'VISIBILITY_TIMEOUT_SECONDS'>,
  ) {
    this.queueUrl = config.ORDERS_QUEUE_URL;
    this.deadLetterQueueUrl = config.ORDERS_DLQ_URL;
    const options = {
      maxEntries: SQS_MAX_BATCH_ENTRIES,
      lingerMs: SQS_BATCH_LINGER_MS,
      entryRetries: ENTRY_RETRIES,
    };
    const receiptOf = (message: Message) => message.ReceiptHandle ?? '';
    this.deletes = new BatchCoalescer((batch) => this.deleteBatch(batch), receiptOf, options);
    this.visibility = new BatchCoalescer(
      (batch) => this.changeVisibilityBatch(batch),
      (change) => receiptOf(change.message),
      options,
    );
    this.heartbeat = new VisibilityHeartbeat(config.VISIBILITY_TIMEOUT_SECONDS, (messages, seconds) =>
      messages.forEach((message) => void this.extend(message, seconds)),
    );
  }

  onApplicationShutdown(): void {
    this.heartbeat.stop();
  }

  /** Keeps the message hidden (a heartbeat) until it is acknowledged, delayed or released. */
  hold(message: Message): void {
    this.heartbeat.hold(message);
  }

  /** Stops keeping the message hidden; its visibility timeout runs out as set last. */
  release(message: Message): void {
    this.heartbeat.release(message);
  }

  /**
   * Deletes the message from the queue: it is done with. Should the delete fail, the
   * message is held again, kept hidden for the caller's retry (see `keptHiddenOnFailure`).
   */
  async acknowledge(message: Message): Promise<void> {
    this.heartbeat.release(message);
    await this.keptHiddenOnFailure(message, this.settle(this.deletes.add(message)));
  }

  /** Hides the message for `seconds` more (0 makes it visible at once); held again should that fail. */
  async delay(message: Message, seconds: number): Promise<void> {
    this.heartbeat.release(message);
    await this.keptHiddenOnFailure(message, this.settle(this.visibility.add({ message, seconds })));
  }

  /**
   * The heartbeat stops before a delete or a visibility change, so that no extension can
   * follow it and undo it. If the call fails, the message is still the caller's, who retries
   * it through an outage: the heartbeat keeps it hidden again meanwhile, until `release`.
   */
  private async keptHiddenOnFailure(message: Message, call: Promise<void>): Promise<void> {
    try {
      await call;
    } catch (error) {
      this.heartbeat.hold(message);
      throw error;
    }
  }

  /**
   * A heartbeat extension. A refused one (the receipt handle is no longer valid:
   * the message showed again and another receive took it) ends the heartbeat; the
   * order's lease keeps a second run from writing. Either way it is logged.
   */
  private async extend(message: Message, seconds: number): Promise<void> {
    try {
      await this.visibility.add({ message, seconds });
    } catch (error) {
      receiveErrorsTotal.inc();
      const refused = classifyAwsError(error) === 'rejected';
      if (refused) this.heartbeat.release(message);
      this.logger.warn({
        msg: refused ? 'heartbeat refused; message no longer held' : 'heartbeat failed; retried next tick',
        messageId: message.MessageId,
        error: (error as Error).message,
      });
    }
  }

  /**
   * Sends a fresh copy of the message to the queue, visible after `seconds`;
   * the caller then acknowledges the original. The copy starts again at
   * receive count 1, which a message about to exceed the queue's
   * maxReceiveCount needs (see decideGiveBack in message-decision.ts).
   */
  async requeue(message: Message, seconds: number): Promise<void> {
    await this.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: message.Body ?? '',
        MessageAttributes: sendableAttributes(message.MessageAttributes),
        DelaySeconds: Math.min(MAX_DELAY_SECONDS, Math.max(0, Math.ceil(seconds))),
      }),
    );
  }

  /**
   * Copies the message to the dead-letter queue with the reason as attributes.
   * The caller then acknowledges the original, so it is not retried forever.
   */
  async deadLetter(message: Message, reason: string, orderId?: string): Promise<void> {
    await this.send(
      new SendMessageCommand({
        QueueUrl: this.deadLetterQueueUrl,
        MessageBody: message.Body ?? '',
        MessageAttributes: {
          ...sendableAttributes(message.MessageAttributes),
          [DEAD_LETTER_ATTRIBUTES.failureReason]: { DataType: 'String', StringValue: reason.slice(0, 1024) },
          [DEAD_LETTER_ATTRIBUTES.sourceMessageId]: {
            DataType: 'String',
            StringValue: message.MessageId ?? 'unknown',
          },
          ...(orderId ? { [ORDER_ID_ATTRIBUTE]: { DataType: 'String', StringValue: orderId } } : {}),
        },
      }),
    );
  }

  private async deleteBatch(messages: readonly Message[]) {
    const answer = await this.call('DeleteMessageBatch', this.queueUrl, messages.length, () =>
      this.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
        }),
      ),
    );
    return entryResults(messages.length, answer);
  }

  private async changeVisibilityBatch(changes: readonly VisibilityChange[]) {
    const answer = await this.call('ChangeMessageVisibilityBatch', this.queueUrl, changes.length, () =>
      this.sqs.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: changes.map(({ message, seconds }, i) => ({
            Id: String(i),
            ReceiptHandle: message.ReceiptHandle,
            VisibilityTimeout: Math.min(MAX_VISIBILITY_SECONDS, Math.max(0, Math.ceil(seconds))),
          })),
        }),
      ),
    );
    return entryResults(changes.length, answer);
  }

  private async settle(entry: Promise<void>): Promise<void> {
    try {
      await entry;
    } catch (e) {
      throw dependencyError('SQS', e);
    }
  }

  private async send(command: SendMessageCommand): Promise<void> {
    const queueUrl = command.input.QueueUrl ?? '';
    await this.settle(
      this.call('SendMessage', queueUrl, 1, () => this.sqs.send(command)).then(() => undefined),
    );
  }

  /**
   * Makes one SQS call about `messages` messages. A call refused as a whole
   * (access denied, a queue that does not exist: `rejected` by
   * classifyAwsError) is a fault of the deployment that no retry cures, and
   * the logs say so plainly: one error line per call, naming the operation
   * and the queue. The caller's messages stay in the queue and show again
   * after their visibility timeout. An entry refused inside a batch that
   * succeeded (a stale receipt handle) is not such a fault and is not logged here.
   */
  private async call<T>(
    operation: 'DeleteMessageBatch' | 'ChangeMessageVisibilityBatch' | 'SendMessage',
    queueUrl: string,
    messages: number,
    send: () => Promise<T>,
  ): Promise<T> {
    try {
      return await send();
    } catch (error) {
      if (classifyAwsError(error) === 'rejected') {
        this.logger.error({
          msg: SQS_CALL_REFUSED,
          operation,
          queue: queueUrl,
          code: awsErrorCode(error),
          messages,
          error: error instanceof Error ? error.message : String(error),
        });
      }
      throw error;
    }
  }
}
