import { Inject, Injectable } from '@nestjs/common';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { dependencyError, SNS_CLIENT } from '@app/aws';
import { APP_CONFIG, ReceiverConfig } from '@app/config';
import { Order } from '@app/domain';
import { orderMessageAttributes } from '@app/messaging';

/** Publishes accepted orders to the orders SNS topic (fanned out to the processor's queue). */
@Injectable()
export class SnsOrderPublisher {
  private readonly topicArn: string;

  constructor(
    @Inject(SNS_CLIENT) private readonly sns: SNSClient,
    @Inject(APP_CONFIG) config: Pick<ReceiverConfig, 'ORDERS_TOPIC_ARN'>,
  ) {
    this.topicArn = config.ORDERS_TOPIC_ARN;
  }

  /**
   * Resolves only once SNS has acknowledged the message. `holdUntil` (epoch ms) asks
   * the processor to leave the order alone until then (see HOLD_UNTIL_ATTRIBUTE); the message
   * says its order is keyed by customer (ORDER_KEY_ATTRIBUTE).
   */
  async publish(order: Order, options: { holdUntil?: number } = {}): Promise<string> {
    try {
      const out = await this.sns.send(
        new PublishCommand({
          TopicArn: this.topicArn,
          Message: JSON.stringify(order),
          MessageAttributes: orderMessageAttributes(order, options),
        }),
      );
      return out.MessageId ?? '';
    } catch (e) {
      throw dependencyError('SNS', e);
    }
  }
}
