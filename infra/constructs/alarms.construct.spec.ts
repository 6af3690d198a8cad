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
    deliveryDeadLetterQueueName: 'orders-dev-delivery-dlq',
    loadBalancerArnSuffix: 'app/orders-dev-alb/1',
    targetGroupArnSuffix: 'targetgroup/orders-dev-rcv/2',
    oldestMessageAgeSeconds: 300,
    http5xxThreshold: 10,
    kmsKeyArn: TEST_KMS_KEY_ARN,
    clusterName: 'orders-dev',
    serviceNames: ['order-receiver', 'order-processor'],
    topicName: 'orders-dev-topic',
    tableName: 'orders-dev-table',
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

  it('alarms as soon as SNS dead-letters one order, saying what to check and how to redrive', () => {
    const { json, synth } = build();
    expect(synth).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      alarm_name: 'orders-dev-delivery-dlq-not-empty',
      namespace: 'AWS/SQS',
      metric_name: 'ApproximateNumberOfMessagesVisible',
      dimensions: { QueueName: 'orders-dev-delivery-dlq' },
      threshold: 0,
      comparison_operator: 'GreaterThanThreshold',
      treat_missing_data: 'notBreaching',
      alarm_actions: [expect.stringMatching(/^\$\{aws_sns_topic\.sut_topic_[A-Z0-9]+\.arn\}$/)],
    });
    const alarm = resourcesOf(json, 'aws_cloudwatch_metric_alarm').find(
      (body) => body.alarm_name === 'orders-dev-delivery-dlq-not-empty',
    )!;
    expect(alarm.alarm_description).toMatch(/queue's policy.*KMS key policy.*npm run dlq:redrive/);
    expect(String(alarm.alarm_description).length).toBeLessThanOrEqual(1024);
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

  it('alarms per service when fewer tasks run than desired (Container Insights)', () => {
    const { synth, json } = build();
    for (const service of ['order-receiver', 'order-processor']) {
      const dimensions = { ClusterName: 'orders-dev', ServiceName: service };
      expect(synth).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
        alarm_name: `orders-dev-${service}-tasks-below-desired`,
        threshold: 0,
        comparison_operator: 'GreaterThanThreshold',
        metric_query: expect.arrayContaining([
          expect.objectContaining({
            id: 'running',
            metric: expect.objectContaining({
              namespace: 'ECS/ContainerInsights',
              metric_name: 'RunningTaskCount',
              dimensions,
            }),
          }),
          expect.objectContaining({
            id: 'desired',
            metric: expect.objectContaining({ metric_name: 'DesiredTaskCount', dimensions }),
          }),
          expect.objectContaining({ expression: 'FILL(desired, 0) - FILL(running, 0)', return_data: true }),
        ]),
      });
    }
    expect(
      resourcesOf(json, 'aws_cloudwatch_metric_alarm').filter((a) =>
        /tasks-below/.test(a.alarm_name as string),
      ),
    ).toHaveLength(2);
  });

  it('alarms on failed SNS deliveries, DynamoDB throttling and DynamoDB system errors', () => {
    const { synth } = build();
    expect(synth).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      alarm_name: 'orders-dev-sns-delivery-failed',
      namespace: 'AWS/SNS',
      metric_name: 'NumberOfNotificationsFailed',
      dimensions: { TopicName: 'orders-dev-topic' },
      statistic: 'Sum',
      threshold: 0,
      comparison_operator: 'GreaterThanThreshold',
    });
    // Both metrics exist only per (TableName, Operation): one Metrics Insights query sums every operation.
    for (const [name, metric] of [
      ['dynamodb-throttled', 'ThrottledRequests'],
      ['dynamodb-system-errors', 'SystemErrors'],
    ]) {
      expect(synth).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
        alarm_name: `orders-dev-${name}`,
        threshold: 0,
        comparison_operator: 'GreaterThanThreshold',
        metric_query: [
          expect.objectContaining({
            expression: `SELECT SUM(${metric}) FROM SCHEMA("AWS/DynamoDB", Operation, TableName) WHERE TableName = 'orders-dev-table'`,
            return_data: true,
          }),
        ],
      });
    }
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
