import { TerraformStack, Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import {
  onlyResource,
  parsePolicy,
  resourcesOf,
  synthJson,
  TerraformJson,
  TEST_AWS,
} from '../testing/fixtures';
import { HealthCheckAlarmConstruct, HealthCheckAlarmProps } from './health-check-alarm.construct';

describe(HealthCheckAlarmConstruct.name, () => {
  const props: HealthCheckAlarmProps = {
    prefix: 'orders-prod',
    aws: TEST_AWS,
    healthCheckId: 'hc-1',
    alarmTopicArn: 'arn:aws:sns:eu-west-1:123456789012:orders-prod-alarms',
  };
  const build = (overrides: Partial<HealthCheckAlarmProps> = {}) =>
    synthJson((scope) => {
      new HealthCheckAlarmConstruct(scope, 'sut', { ...props, ...overrides });
    });
  /** A stack outside us-east-1 with its one us-east-1 provider, as OrdersStack builds it. */
  const buildWithUsEast1Provider = (overrides: Partial<HealthCheckAlarmProps> = {}) => {
    const stack = new TerraformStack(Testing.app(), 'test');
    new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
    const usEast1Provider = new AwsProvider(stack, 'aws-us-east-1', {
      alias: 'us-east-1',
      region: 'us-east-1',
    });
    new HealthCheckAlarmConstruct(stack, 'sut', { ...props, usEast1Provider, ...overrides });
    const synth = Testing.synth(stack);
    return { synth, json: JSON.parse(synth) as TerraformJson };
  };
  const failingHealthCheck = {
    alarm_name: 'orders-prod-route53-health-check',
    namespace: 'AWS/Route53',
    metric_name: 'HealthCheckStatus',
    dimensions: { HealthCheckId: 'hc-1' },
    statistic: 'Minimum',
    threshold: 1,
    comparison_operator: 'LessThanThreshold',
  };

  it('in us-east-1 alarms on the health check status and notifies the stack alarm topic', () => {
    const { synth, json } = build({ aws: { ...TEST_AWS, region: 'us-east-1' } });
    expect(synth).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      ...failingHealthCheck,
      alarm_actions: ['arn:aws:sns:eu-west-1:123456789012:orders-prod-alarms'],
    });
    expect(onlyResource(json, 'aws_cloudwatch_metric_alarm').provider).toBeUndefined();
    expect(resourcesOf(json, 'aws_sns_topic')).toHaveLength(0);
  });

  it('elsewhere builds the alarm in us-east-1 (where Route 53 publishes) with its own encrypted topic there', () => {
    const { synth, json } = buildWithUsEast1Provider({ alarmEmail: 'ops@example.com' });
    const provider = (json as { provider: { aws: { alias?: string; region: string }[] } }).provider.aws;
    // The stack's shared provider only: the construct adds none of its own.
    expect(provider).toEqual([
      expect.objectContaining({ region: 'eu-west-1' }),
      expect.objectContaining({ alias: 'us-east-1', region: 'us-east-1' }),
    ]);
    expect(synth).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      ...failingHealthCheck,
      alarm_actions: [expect.stringMatching(/aws_sns_topic\.sut_topic_\w+\.arn/)],
      provider: 'aws.us-east-1',
    });
    expect(synth).toHaveResourceWithProperties(SnsTopic, {
      name: 'orders-prod-alarms-us-east-1',
      kms_master_key_id: expect.stringMatching(/aws_kms_key\.sut_key_\w+\.arn/),
      provider: 'aws.us-east-1',
    });
    expect(synth).toHaveResourceWithProperties(KmsKey, {
      enable_key_rotation: true,
      provider: 'aws.us-east-1',
    });
    const statements = parsePolicy(onlyResource(json, 'aws_kms_key')).Statement;
    expect(statements.map((statement) => statement.Principal)).toEqual([
      { AWS: 'arn:aws:iam::123456789012:root' },
      { Service: 'cloudwatch.amazonaws.com' },
    ]);
    expect(synth).toHaveResourceWithProperties(SnsTopicSubscription, {
      protocol: 'email',
      endpoint: 'ops@example.com',
      provider: 'aws.us-east-1',
    });
  });

  it('outside us-east-1 refuses to build without the us-east-1 provider', () => {
    expect(() => build()).toThrow(/eu-west-1 needs usEast1Provider/);
  });
});
