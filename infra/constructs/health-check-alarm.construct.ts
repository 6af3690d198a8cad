import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { AwsContext } from '../lib/aws-context';
import { accountAdministersKey, CLOUDWATCH_PUBLISHES_ALARMS, policyDocument } from '../lib/iam-policy';

export interface HealthCheckAlarmProps {
  /** Environment prefix, e.g. `orders-dev`; starts the alarm, topic and key names. */
  readonly prefix: string;
  /** Account and partition for the key policy; `region` is the stack's. */
  readonly aws: AwsContext;
  readonly healthCheckId: string;
  /** The stack's alarm topic, notified when the stack is in us-east-1. */
  readonly alarmTopicArn: string;
  /**
   * Subscribed to the us-east-1 topic when one is built.
   * @default none: the us-east-1 topic has no subscriber
   */
  readonly alarmEmail?: string;
  /**
   * The stack's one us-east-1 provider (shared with the standby's certificate); required when the
   * stack is elsewhere.
   * @default none: the stack's provider, which must then be in us-east-1
   */
  readonly usEast1Provider?: TerraformProvider;
}

/** The only region where Route 53 health-check metrics exist. */
export const ROUTE53_METRICS_REGION = 'us-east-1';

/**
 * The alarm on the Route 53 health check that drives DNS failover: it fires
 * while the receiver's liveness check through the ALB fails, i.e. while clients
 * get the standby. Route 53 publishes health-check metrics only in us-east-1, and
 * an alarm can only notify a topic in its own region: in us-east-1 the alarm
 * notifies the stack's alarm topic; elsewhere this construct puts, through the
 * stack's us-east-1 provider, the alarm, an alarm topic and the customer-managed
 * key that lets CloudWatch publish to the encrypted topic (about $1/month more).
 */
export class HealthCheckAlarmConstruct extends Construct {
  public readonly alarm: CloudwatchMetricAlarm;
  /** The topic the alarm notifies when it is not the stack's (stack outside us-east-1). */
  public readonly topic?: SnsTopic;

  constructor(scope: Construct, id: string, props: HealthCheckAlarmProps) {
    super(scope, id);
    const { prefix, aws } = props;
    if (props.healthCheckId === '') throw new Error('HealthCheckAlarmConstruct: healthCheckId is empty');

    let provider: TerraformProvider | undefined;
    let topicArn = props.alarmTopicArn;
    if (aws.region !== ROUTE53_METRICS_REGION) {
      provider = props.usEast1Provider;
      if (!provider) {
        throw new Error(
          `HealthCheckAlarmConstruct: a stack in ${aws.region} needs usEast1Provider, where Route 53 publishes its metrics`,
        );
      }
      const key = new KmsKey(this, 'key', {
        provider,
        description: `${prefix}: Route 53 health-check alarm topic`,
        enableKeyRotation: true,
        deletionWindowInDays: 7,
        policy: policyDocument([accountAdministersKey(aws), CLOUDWATCH_PUBLISHES_ALARMS]),
      });
      this.topic = new SnsTopic(this, 'topic', {
        provider,
        name: `${prefix}-alarms-${ROUTE53_METRICS_REGION}`,
        kmsMasterKeyId: key.arn,
      });
      if (props.alarmEmail) {
        new SnsTopicSubscription(this, 'email', {
          provider,
          topicArn: this.topic.arn,
          protocol: 'email',
          endpoint: props.alarmEmail,
        });
      }
      topicArn = this.topic.arn;
    }

    this.alarm = new CloudwatchMetricAlarm(this, 'alarm', {
      provider,
      alarmName: `${prefix}-route53-health-check`,
      alarmDescription:
        'The receiver fails the Route 53 liveness check through the ALB: DNS answers with the standby (CloudFront)',
      actionsEnabled: true,
      alarmActions: [topicArn],
      okActions: [topicArn],
      namespace: 'AWS/Route53',
      metricName: 'HealthCheckStatus',
      dimensions: { HealthCheckId: props.healthCheckId },
      // 1 healthy, 0 unhealthy; Route 53 already waits for 3 failed checks.
      statistic: 'Minimum',
      period: 60,
      evaluationPeriods: 1,
      threshold: 1,
      comparisonOperator: 'LessThanThreshold',
      // No data means Route 53 stopped checking, which is no reason to page.
      treatMissingData: 'notBreaching',
    });
  }
}
