import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { MESSAGING_SETTINGS, resourceNames } from '@app/aws-resources';
import {
  onlyResource,
  parsePolicy,
  resourcesOf,
  synthJson,
  TerraformJson,
  TEST_KMS_KEY_ARN,
} from '../testing/fixtures';
import { MessagingConstruct } from './messaging.construct';

describe(MessagingConstruct.name, () => {
  const names = resourceNames('dev');
  const build = (settings = MESSAGING_SETTINGS) =>
    synthJson((scope) => {
      new MessagingConstruct(scope, 'sut', { names, settings, kmsKeyArn: TEST_KMS_KEY_ARN });
    });

  it('subscribes the queue to the topic with raw message delivery', () => {
    const { synth } = build();
    expect(synth).toHaveResourceWithProperties(SnsTopicSubscription, {
      protocol: 'sqs',
      raw_message_delivery: true,
      topic_arn: expect.stringContaining('aws_sns_topic.'),
      endpoint: expect.stringMatching(/aws_sqs_queue\.sut_queue_[A-Z0-9]+\.arn/),
    });
  });

  it('redrives to the dead-letter queue after the shared receive count', () => {
    const { json, synth } = build();
    const queue = resourcesOf(json, 'aws_sqs_queue').find((q) => q.name === names.queue)!;
    const redrive = JSON.parse(queue.redrive_policy as string);
    expect(redrive.maxReceiveCount).toBe(MESSAGING_SETTINGS.maxReceiveCount);
    expect(redrive.deadLetterTargetArn).toMatch(/aws_sqs_queue\.sut_dead-letter-queue_[A-Z0-9]+\.arn/);
    expect(synth).toHaveResourceWithProperties(SqsQueue, {
      name: names.queue,
      visibility_timeout_seconds: MESSAGING_SETTINGS.visibilityTimeoutSeconds,
      receive_wait_time_seconds: MESSAGING_SETTINGS.receiveWaitTimeSeconds,
    });
    expect(synth).toHaveResourceWithProperties(SqsQueue, {
      name: names.deadLetterQueue,
      message_retention_seconds: MESSAGING_SETTINGS.deadLetterRetentionSeconds,
    });
  });

  it('encrypts the topic and every queue with the environment key', () => {
    const { synth, json } = build();
    expect(synth).toHaveResourceWithProperties(SnsTopic, {
      name: names.topic,
      kms_master_key_id: TEST_KMS_KEY_ARN,
    });
    const queues = resourcesOf(json, 'aws_sqs_queue');
    expect(queues).toHaveLength(3);
    for (const queue of queues) expect(queue.kms_master_key_id).toBe(TEST_KMS_KEY_ARN);
  });

  /** The policy of the queue whose Terraform id starts with `sut_<id>_`. */
  const queuePolicy = (json: TerraformJson, id: string) => {
    const found = resourcesOf(json, 'aws_sqs_queue_policy').filter((policy) =>
      String(policy.queue_url).startsWith(`\${aws_sqs_queue.sut_${id}_`),
    );
    expect(found).toHaveLength(1);
    return parsePolicy(found[0]);
  };
  const onlyTheTopicSends = (queueId: string) => ({
    Effect: 'Allow',
    Principal: { Service: 'sns.amazonaws.com' },
    Action: ['sqs:SendMessage'],
    Resource: expect.stringMatching(new RegExp(`^\\$\\{aws_sqs_queue\\.sut_${queueId}_[A-Z0-9]+\\.arn\\}$`)),
    Condition: {
      ArnEquals: {
        'aws:SourceArn': expect.stringMatching(/^\$\{aws_sns_topic\.sut_topic_[A-Z0-9]+\.arn\}$/),
      },
    },
  });

  it('lets only the orders topic send to the queue', () => {
    const { json } = build();
    const policy = queuePolicy(json, 'queue');
    expect(policy.Statement).toHaveLength(1);
    expect(policy.Statement[0]).toMatchObject(onlyTheTopicSends('queue'));
  });

  it('gives the subscription a dead-letter queue that only the orders topic may send to', () => {
    const { json, synth } = build();
    const subscription = onlyResource(json, 'aws_sns_topic_subscription');
    expect(JSON.parse(subscription.redrive_policy as string)).toEqual({
      deadLetterTargetArn: expect.stringMatching(
        /^\$\{aws_sqs_queue\.sut_delivery-dead-letter-queue_[A-Z0-9]+\.arn\}$/,
      ),
    });
    expect(subscription.depends_on).toEqual([
      expect.stringMatching(/^aws_sqs_queue_policy\.sut_delivery-dead-letter-queue-policy_/),
    ]);
    expect(synth).toHaveResourceWithProperties(SqsQueue, {
      name: names.deliveryDeadLetterQueue,
      message_retention_seconds: MESSAGING_SETTINGS.deadLetterRetentionSeconds,
      kms_master_key_id: TEST_KMS_KEY_ARN,
    });
    const policy = queuePolicy(json, 'delivery-dead-letter-queue');
    expect(policy.Statement).toHaveLength(1);
    expect(policy.Statement[0]).toMatchObject(onlyTheTopicSends('delivery-dead-letter-queue'));
  });

  it('rejects a redrive count SQS does not accept', () => {
    expect(() => build({ ...MESSAGING_SETTINGS, maxReceiveCount: 0 as 5 })).toThrow(/maxReceiveCount/);
  });
});
