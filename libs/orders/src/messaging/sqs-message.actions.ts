import { Inject, Injectable } from '@nestjs/common';
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  Message,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { SQS_CLIENT } from '@app/aws';
import { APP_CONFIG, ProcessorConfig } from '@app/config';
import { dependencyError } from '../errors';
import { sendableAttributes } from './message-attributes';

/** SQS allows at most 12 hours of visibility. */
export const MAX_VISIBILITY_SECONDS = 43200;
/** SQS delays a sent message by at most 15 minutes. */
export const MAX_DELAY_SECONDS = 900;

/** What the processor does to a message: delete it, delay it, requeue it, or dead-letter it. */
@Injectable()
export class SqsMessageActions {
  private readonly queueUrl: string;
  private readonly deadLetterQueueUrl: string;

  constructor(
    @Inject(SQS_CLIENT) private readonly sqs: SQSClient,
    @Inject(APP_CONFIG) config: Pick<ProcessorConfig, 'ORDERS_QUEUE_URL' | 'ORDERS_DLQ_URL'>,
  ) {
    this.queueUrl = config.ORDERS_QUEUE_URL;
    this.deadLetterQueueUrl = config.ORDERS_DLQ_URL;
  }

  /** Deletes the message from the queue: it is done with. */
  async acknowledge(message: Message): Promise<void> {
    await this.send(
      new DeleteMessageCommand({ QueueUrl: this.queueUrl, ReceiptHandle: message.ReceiptHandle }),
    );
  }

  /** Hides the message for `seconds` more (0 makes it visible at once). */
  async delay(message: Message, seconds: number): Promise<void> {
    const timeout = Math.min(MAX_VISIBILITY_SECONDS, Math.max(0, Math.ceil(seconds)));
    await this.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: this.queueUrl,
        ReceiptHandle: message.ReceiptHandle,
        VisibilityTimeout: timeout,
      }),
    );
  }

  /**
   * Sends a fresh copy of the message to the queue, visible after `seconds`;
   * the caller then acknowledges the original. The copy starts again at
   * receive count 1, which a message about to exceed the queue's
   * maxReceiveCount needs (see OrderMessageProcessor.giveBack).
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
          failureReason: { DataType: 'String', StringValue: reason.slice(0, 1024) },
          sourceMessageId: { DataType: 'String', StringValue: message.MessageId ?? 'unknown' },
          ...(orderId ? { orderId: { DataType: 'String', StringValue: orderId } } : {}),
        },
      }),
    );
  }

  private async send(
    command: ChangeMessageVisibilityCommand | SendMessageCommand | DeleteMessageCommand,
  ): Promise<void> {
    try {
      await this.sqs.send(command as SendMessageCommand);
    } catch (e) {
      throw dependencyError('SQS', e);
    }
  }
}
