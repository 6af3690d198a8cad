import { Construct } from 'constructs';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { SqsQueueRedriveAllowPolicy } from '@cdktf/provider-aws/lib/sqs-queue-redrive-allow-policy';
import { MESSAGING_SETTINGS, ResourceNames, topicDeliveryPolicy } from '@app/aws-resources';

export interface MessagingProps {
  readonly names: ResourceNames;
  readonly settings: typeof MESSAGING_SETTINGS;
  /** Customer-managed key for the topic and the queues. */
  readonly kmsKeyArn: string;
}

/**
 * SNS topic fanned out to an SQS queue with a dead-letter queue: the path an
 * order takes from `POST /orders/async` to the order-processor. Raw message
 * delivery, the redrive count and the queue timings come from
 * `MESSAGING_SETTINGS`, the same values the local provisioning uses. The
 * subscription has a dead-letter queue of its own (`deliveryDeadLetterQueue`):
 * an order SNS cannot deliver to the queue (a queue or key policy that refuses
 * it) is kept there instead of being discarded after it was acknowledged.
 */
export class MessagingConstruct extends Construct {
  public readonly topic: SnsTopic;
  public readonly queue: SqsQueue;
  public readonly deadLetterQueue: SqsQueue;
  /** Where SNS puts what it could not deliver to `queue`. */
  public readonly deliveryDeadLetterQueue: SqsQueue;
  public readonly subscription: SnsTopicSubscription;

  constructor(scope: Construct, id: string, props: MessagingProps) {
    super(scope, id);
    const { names, settings, kmsKeyArn } = props;
    if (
      !Number.isInteger(settings.maxReceiveCount) ||
      settings.maxReceiveCount < 1 ||
      settings.maxReceiveCount > 1000
    ) {
      throw new Error(`MessagingConstruct: maxReceiveCount must be 1-1000, got ${settings.maxReceiveCount}`);
    }
    if (settings.visibilityTimeoutSeconds < 0 || settings.visibilityTimeoutSeconds > 43200) {
      throw new Error('MessagingConstruct: visibilityTimeoutSeconds must be 0-43200');
    }
    if (settings.receiveWaitTimeSeconds < 0 || settings.receiveWaitTimeSeconds > 20) {
      throw new Error('MessagingConstruct: receiveWaitTimeSeconds must be 0-20');
    }
    // SQS keeps messages 60 s to 14 days.
    for (const retention of [settings.messageRetentionSeconds, settings.deadLetterRetentionSeconds]) {
      if (retention < 60 || retention > 1209600)
        throw new Error('MessagingConstruct: retention must be 60-1209600 s');
    }

    this.topic = new SnsTopic(this, 'topic', { name: names.topic, kmsMasterKeyId: kmsKeyArn });

    this.deadLetterQueue = new SqsQueue(this, 'dead-letter-queue', {
      name: names.deadLetterQueue,
      messageRetentionSeconds: settings.deadLetterRetentionSeconds,
      kmsMasterKeyId: kmsKeyArn,
      // Reusing a data key for 5 minutes keeps KMS requests (and cost) low.
      kmsDataKeyReusePeriodSeconds: 300,
    });

    this.queue = new SqsQueue(this, 'queue', {
      name: names.queue,
      visibilityTimeoutSeconds: settings.visibilityTimeoutSeconds,
      receiveWaitTimeSeconds: settings.receiveWaitTimeSeconds,
      messageRetentionSeconds: settings.messageRetentionSeconds,
      kmsMasterKeyId: kmsKeyArn,
      kmsDataKeyReusePeriodSeconds: 300,
      redrivePolicy: JSON.stringify({
        deadLetterTargetArn: this.deadLetterQueue.arn,
        maxReceiveCount: settings.maxReceiveCount,
      }),
    });

    // Only the orders queue may use the DLQ as its dead-letter target.
    new SqsQueueRedriveAllowPolicy(this, 'dead-letter-queue-redrive-allow', {
      queueUrl: this.deadLetterQueue.url,
      redriveAllowPolicy: JSON.stringify({ redrivePermission: 'byQueue', sourceQueueArns: [this.queue.arn] }),
    });

    this.onlyTopicSendsTo('queue-policy', this.queue);

    this.deliveryDeadLetterQueue = new SqsQueue(this, 'delivery-dead-letter-queue', {
      name: names.deliveryDeadLetterQueue,
      messageRetentionSeconds: settings.deadLetterRetentionSeconds,
      // SNS encrypts into it with this key: the key policy lets sns.amazonaws.com of this account use it.
      kmsMasterKeyId: kmsKeyArn,
      kmsDataKeyReusePeriodSeconds: 300,
    });
    const deliveryDeadLetterPolicy = this.onlyTopicSendsTo(
      'delivery-dead-letter-queue-policy',
      this.deliveryDeadLetterQueue,
    );

    this.subscription = new SnsTopicSubscription(this, 'subscription', {
      topicArn: this.topic.arn,
      protocol: 'sqs',
      endpoint: this.queue.arn,
      rawMessageDelivery: settings.rawMessageDelivery,
      redrivePolicy: JSON.stringify({ deadLetterTargetArn: this.deliveryDeadLetterQueue.arn }),
      // A delivery that fails before SNS may write to the dead-letter queue would be lost.
      dependsOn: [deliveryDeadLetterPolicy],
    });
  }

  /** The queue policy that lets only the orders topic (SNS, by its ARN) send to `queue`. */
  private onlyTopicSendsTo(id: string, queue: SqsQueue): SqsQueuePolicy {
    return new SqsQueuePolicy(this, id, {
      queueUrl: queue.url,
      policy: topicDeliveryPolicy(this.topic.arn, queue.arn),
    });
  }
}
