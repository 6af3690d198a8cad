import { Construct } from 'constructs';
import { Token } from 'cdktf';
import {
  CloudwatchMetricAlarm,
  CloudwatchMetricAlarmConfig,
} from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';

/**
 * The alarms that mean an order is at risk: a non-empty dead-letter queue,
 * messages waiting too long in the queue, ALB 5xx responses, unhealthy
 * receiver targets, fewer tasks running than desired (per service), failed
 * SNS deliveries, and DynamoDB throttling or system errors. All notify one
 * encrypted SNS topic, with an optional email subscription. (The Route 53
 * health check's alarm lives in us-east-1: see HealthCheckAlarmConstruct.)
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
  /** ECS cluster and the services in it whose running task count is watched (Container Insights). */
  readonly clusterName: string;
  readonly serviceNames: readonly string[];
  /** The orders topic, whose failed deliveries (to the queue) raise an alarm. */
  readonly topicName: string;
  /** The orders table, whose throttled requests and system errors raise an alarm. */
  readonly tableName: string;
}

export class AlarmsConstruct extends Construct {
  public readonly topic: SnsTopic;
  public readonly deadLetterQueueNotEmpty: CloudwatchMetricAlarm;
  public readonly oldestMessageTooOld: CloudwatchMetricAlarm;
  public readonly http5xx: CloudwatchMetricAlarm;
  public readonly unhealthyTargets: CloudwatchMetricAlarm;
  /** Per service name. */
  public readonly tasksBelowDesired: Readonly<Record<string, CloudwatchMetricAlarm>>;
  public readonly snsDeliveryFailed: CloudwatchMetricAlarm;
  public readonly dynamodbThrottled: CloudwatchMetricAlarm;
  public readonly dynamodbSystemErrors: CloudwatchMetricAlarm;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    const { prefix } = props;
    if (!(props.oldestMessageAgeSeconds >= 60))
      throw new Error('AlarmsConstruct: oldestMessageAgeSeconds must be >= 60');
    if (!(props.http5xxThreshold >= 1)) throw new Error('AlarmsConstruct: http5xxThreshold must be >= 1');
    if (props.serviceNames.length === 0 || props.serviceNames.some((name) => Token.isUnresolved(name))) {
      throw new Error('AlarmsConstruct: serviceNames must be literal names (they name the alarms)');
    }

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
      alarmDescription: 'Receiver tasks fail the load balancer liveness check',
      namespace: 'AWS/ApplicationELB',
      metricName: 'UnHealthyHostCount',
      dimensions: { ...alb, TargetGroup: props.targetGroupArnSuffix },
      statistic: 'Maximum',
      period: 60,
      evaluationPeriods: 3,
      threshold: 0,
      comparisonOperator: 'GreaterThanThreshold',
    });

    // Spot interruptions and deploys dip the count for a minute or two; five minutes below
    // desired means ECS cannot place tasks (no Spot capacity, image pull, crash loop).
    const ecs = (id: string, metricName: string, serviceName: string) => ({
      id,
      returnData: false,
      metric: {
        namespace: 'ECS/ContainerInsights',
        metricName,
        dimensions: { ClusterName: props.clusterName, ServiceName: serviceName },
        stat: 'Average',
        period: 60,
      },
    });
    this.tasksBelowDesired = Object.fromEntries(
      props.serviceNames.map((serviceName) => [
        serviceName,
        alarm(`${serviceName}-tasks-below-desired`, {
          alarmDescription: `${serviceName}: fewer tasks run than desired for 5 minutes (no capacity, failing starts)`,
          evaluationPeriods: 5,
          datapointsToAlarm: 5,
          threshold: 0,
          comparisonOperator: 'GreaterThanThreshold',
          metricQuery: [
            ecs('running', 'RunningTaskCount', serviceName),
            ecs('desired', 'DesiredTaskCount', serviceName),
            {
              id: 'missing',
              expression: 'FILL(desired, 0) - FILL(running, 0)',
              label: 'Tasks missing',
              returnData: true,
            },
          ],
        }),
      ]),
    );

    this.snsDeliveryFailed = alarm('sns-delivery-failed', {
      alarmDescription:
        'The orders topic failed to deliver to the queue: accepted orders may not be processed',
      namespace: 'AWS/SNS',
      metricName: 'NumberOfNotificationsFailed',
      dimensions: { TopicName: props.topicName },
      statistic: 'Sum',
      period: 300,
      evaluationPeriods: 1,
      threshold: 0,
      comparisonOperator: 'GreaterThanThreshold',
    });

    // ThrottledRequests and SystemErrors exist only per (TableName, Operation): a Metrics
    // Insights query sums every operation, so no list of operations has to be kept in step
    // with the code. Both are retried by the SDK; any at all is worth a look.
    const dynamodb = (name: string, metricName: string, description: string) =>
      alarm(name, {
        alarmDescription: description,
        evaluationPeriods: 1,
        threshold: 0,
        comparisonOperator: 'GreaterThanThreshold',
        metricQuery: [
          {
            id: 'q',
            expression: `SELECT SUM(${metricName}) FROM SCHEMA("AWS/DynamoDB", Operation, TableName) WHERE TableName = '${props.tableName}'`,
            period: 300,
            label: metricName,
            returnData: true,
          },
        ],
      });
    this.dynamodbThrottled = dynamodb(
      'dynamodb-throttled',
      'ThrottledRequests',
      'DynamoDB throttled requests to the orders table (retried; sustained throttling slows or fails orders)',
    );
    this.dynamodbSystemErrors = dynamodb(
      'dynamodb-system-errors',
      'SystemErrors',
      'DynamoDB returned 5xx errors on the orders table (retried; an AWS-side problem)',
    );
  }
}
