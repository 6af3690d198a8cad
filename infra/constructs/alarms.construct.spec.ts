import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { resourcesOf, synthJson, TEST_KMS_KEY_ARN } from '../testing/fixtures';
import { AlarmsConstruct, AlarmsProps } from './alarms.construct';

describe(AlarmsConstruct.name, () => {
  const props: AlarmsProps = {
    prefix: 'orders-dev',
    queueName: 'orders-dev-queue',
    deadLetterQueueName: 'orders-dev-dlq',
    loadBalancerArnSuffix: 'app/orders-dev-alb/1',
    targetGroupArnSuffix: 'targetgroup/orders-dev-rcv/2',
    oldestMessageAgeSeconds: 300,
    http5xxThreshold: 10,
    kmsKeyArn: TEST_KMS_KEY_ARN,
  };
  const build = (overrides: Partial<AlarmsProps> = {}) =>
    synthJson((scope) => {
      new AlarmsConstruct(scope, 'sut', { ...props, ...overrides });
    });

  it('alarms as soon as one message is in the dead-letter queue', () => {
    expect(build().synth).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      alarm_name: 'orders-dev-dlq-not-empty',
      namespace: 'AWS/SQS',
      metric_name: 'ApproximateNumberOfMessagesVisible',
      dimensions: { QueueName: 'orders-dev-dlq' },
      threshold: 0,
      comparison_operator: 'GreaterThanThreshold',
    });
  });

  it('alarms on old messages, ALB 5xx and unhealthy targets', () => {
    const { synth } = build();
    expect(synth).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      metric_name: 'ApproximateAgeOfOldestMessage',
      dimensions: { QueueName: 'orders-dev-queue' },
      threshold: 300,
    });
    expect(synth).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      alarm_name: 'orders-dev-alb-5xx',
      metric_query: expect.arrayContaining([
        expect.objectContaining({ expression: 'FILL(elb, 0) + FILL(target, 0)', return_data: true }),
      ]),
    });
    expect(synth).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      metric_name: 'UnHealthyHostCount',
      dimensions: { LoadBalancer: 'app/orders-dev-alb/1', TargetGroup: 'targetgroup/orders-dev-rcv/2' },
    });
  });

  it('notifies an encrypted topic, with an email subscription only when given', () => {
    const { synth, json } = build();
    expect(synth).toHaveResourceWithProperties(SnsTopic, {
      name: 'orders-dev-alarms',
      kms_master_key_id: TEST_KMS_KEY_ARN,
    });
    for (const alarm of resourcesOf(json, 'aws_cloudwatch_metric_alarm')) {
      expect(alarm.alarm_actions).toEqual([expect.stringContaining('aws_sns_topic.')]);
    }
    expect(resourcesOf(json, 'aws_sns_topic_subscription')).toHaveLength(0);
    expect(build({ alarmEmail: 'ops@example.com' }).synth).toHaveResourceWithProperties(
      SnsTopicSubscription,
      {
        protocol: 'email',
        endpoint: 'ops@example.com',
      },
    );
  });
});
