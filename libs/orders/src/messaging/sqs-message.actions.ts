import { Inject, Injectable } from '@nestjs/common';
import { ChangeMessageVisibilityCommand, Message, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { SQS_CLIENT } from '@app/aws';
import { APP_CONFIG, ProcessorConfig } from '@app/config';
import { DependencyUnavailableError } from '../errors';

/** SQS allows at most 12 hours of visibility. */
export const MAX_VISIBILITY_SECONDS = 43200;

/** What the processor does to a message besides deleting it (which sqs-consumer does). */
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

  /** Hides the message for `seconds` more (0 makes it visible at once). */
  async delay(message: Message, seconds: number): Promise<void> {
    const timeout = Math.min(MAX_VISIBILITY_SECONDS, Math.max(0, Math.ceil(seconds)));
    await this.send(new ChangeMessageVisibilityCommand({
      QueueUrl: this.queueUrl,
      ReceiptHandle: message.ReceiptHandle,
      VisibilityTimeout: timeout,
    }));
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
          ...message.MessageAttributes,
          failureReason: { DataType: 'String', StringValue: reason.slice(0, 1024) },
          sourceMessageId: { DataType: 'String', StringValue: message.MessageId ?? 'unknown' },
          ...(orderId ? { orderId: { DataType: 'String', StringValue: orderId } } : {}),
        },
      }),
    );
  }

  private async send(command: ChangeMessageVisibilityCommand | SendMessageCommand): Promise<void> {
    try {
      await this.sqs.send(command as SendMessageCommand);
    } catch (e) {
      throw new DependencyUnavailableError('SQS', e);
    }
  }
}
