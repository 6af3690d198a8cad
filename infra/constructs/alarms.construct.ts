import { Construct } from 'constructs';
import {
  CloudwatchMetricAlarm,
  CloudwatchMetricAlarmConfig,
} from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';

/**
 * The alarms that mean an order is at risk: a non-empty dead-letter queue,
 * messages waiting too long in the queue, ALB 5xx responses and unhealthy
 * receiver targets. All notify one encrypted SNS topic, with an optional
 * email subscription.
 */
export interface AlarmsProps {
  readonly prefix: string;
  readonly queueName: string;
  readonly deadLetterQueueName: string;
  /** `app/<name>/<id>` of the ALB (its `arn_suffix`). */
  readonly loadBalancerArnSuffix: string;
  /** `targetgroup/<name>/<id>` of the receiver target group. */
  readonly targetGroupArnSuffix: string;
  /** Age in seconds of the oldest queued message that raises the alarm. */
  readonly oldestMessageAgeSeconds: number;
  /** 5xx responses (ALB and targets together) in 5 minutes that raise the alarm. */
  readonly http5xxThreshold: number;
  readonly kmsKeyArn: string;
  readonly alarmEmail?: string;
}

export class AlarmsConstruct extends Construct {
  public readonly topic: SnsTopic;
  public readonly deadLetterQueueNotEmpty: CloudwatchMetricAlarm;
  public readonly oldestMessageTooOld: CloudwatchMetricAlarm;
  public readonly http5xx: CloudwatchMetricAlarm;
  public readonly unhealthyTargets: CloudwatchMetricAlarm;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    const { prefix } = props;
    if (!(props.oldestMessageAgeSeconds >= 60))
      throw new Error('AlarmsConstruct: oldestMessageAgeSeconds must be >= 60');
    if (!(props.http5xxThreshold >= 1)) throw new Error('AlarmsConstruct: http5xxThreshold must be >= 1');

    this.topic = new SnsTopic(this, 'topic', { name: `${prefix}-alarms`, kmsMasterKeyId: props.kmsKeyArn });
    if (props.alarmEmail) {
      new SnsTopicSubscription(this, 'email', {
        topicArn: this.topic.arn,
        protocol: 'email',
        endpoint: props.alarmEmail,
      });
    }

    const alarm = (name: string, config: Omit<CloudwatchMetricAlarmConfig, 'alarmName'>) =>
      new CloudwatchMetricAlarm(this, name, {
        alarmName: `${prefix}-${name}`,
        actionsEnabled: true,
        alarmActions: [this.topic.arn],
        okActions: [this.topic.arn],
        treatMissingData: 'notBreaching',
        ...config,
      });
    const sqs = (queueName: string, metricName: string) => ({
      namespace: 'AWS/SQS',
      metricName,
      dimensions: { QueueName: queueName },
      statistic: 'Maximum',
      period: 60,
    });

    this.deadLetterQueueNotEmpty = alarm('dlq-not-empty', {
      alarmDescription:
        'Orders failed every attempt and wait in the dead-letter queue: inspect and redrive them',
      ...sqs(props.deadLetterQueueName, 'ApproximateNumberOfMessagesVisible'),
      evaluationPeriods: 1,
      threshold: 0,
      comparisonOperator: 'GreaterThanThreshold',
    });
    this.oldestMessageTooOld = alarm('queue-oldest-message', {
      alarmDescription: 'Orders wait too long in the queue: processors are down, stuck or too few',
      ...sqs(props.queueName, 'ApproximateAgeOfOldestMessage'),
      evaluationPeriods: 3,
      threshold: props.oldestMessageAgeSeconds,
      comparisonOperator: 'GreaterThanThreshold',
    });

    const alb = { LoadBalancer: props.loadBalancerArnSuffix };
    const count = (id: string, metricName: string) => ({
      id,
      returnData: false,
      metric: { namespace: 'AWS/ApplicationELB', metricName, dimensions: alb, stat: 'Sum', period: 300 },
    });
    this.http5xx = alarm('alb-5xx', {
      alarmDescription: 'The load balancer or the receiver returned 5xx responses',
      evaluationPeriods: 1,
      threshold: props.http5xxThreshold,
      comparisonOperator: 'GreaterThanOrEqualToThreshold',
      metricQuery: [
        count('elb', 'HTTPCode_ELB_5XX_Count'),
        count('target', 'HTTPCode_Target_5XX_Count'),
        {
          id: 'total',
          expression: 'FILL(elb, 0) + FILL(target, 0)',
          label: '5xx responses',
          returnData: true,
        },
      ],
    });
    this.unhealthyTargets = alarm('unhealthy-targets', {
      alarmDescription: 'Receiver tasks fail the load balancer readiness check',
      namespace: 'AWS/ApplicationELB',
      metricName: 'UnHealthyHostCount',
      dimensions: { ...alb, TargetGroup: props.targetGroupArnSuffix },
      statistic: 'Maximum',
      period: 60,
      evaluationPeriods: 3,
      threshold: 0,
      comparisonOperator: 'GreaterThanThreshold',
    });
  }
}
