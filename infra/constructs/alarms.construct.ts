import { Construct } from 'constructs';
import { Token } from 'cdktf';
import {
  CloudwatchMetricAlarm,
  CloudwatchMetricAlarmConfig,
} from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';

export interface AlarmsProps {
  /** Environment prefix, e.g. `orders-dev`; starts the topic and alarm names. */
  readonly prefix: string;
  /** The orders queue, whose oldest message's age raises an alarm. */
  readonly queueName: string;
  /** The dead-letter queue, where any message at all raises an alarm. */
  readonly deadLetterQueueName: string;
  /** The subscription's dead-letter queue (orders SNS could not deliver), where any message raises an alarm. */
  readonly deliveryDeadLetterQueueName: string;
  /** `app/<name>/<id>` of the ALB (its `arn_suffix`). */
  readonly loadBalancerArnSuffix: string;
  /** `targetgroup/<name>/<id>` of the receiver target group. */
  readonly targetGroupArnSuffix: string;
  /** Age in seconds of the oldest queued message that raises the alarm. */
  readonly oldestMessageAgeSeconds: number;
  /** 5xx responses (ALB and targets together) in 5 minutes that raise the alarm. */
  readonly http5xxThreshold: number;
  /** Key of the alarm topic. */
  readonly kmsKeyArn: string;
  /**
   * Address subscribed to the alarm topic (the subscription must be confirmed).
   * @default none: the topic has no subscriber
   */
  readonly alarmEmail?: string;
  /** ECS cluster of the services. */
  readonly clusterName: string;
  /**
   * Services whose running task count is watched against the desired one (Container
   * Insights). Literal names, not tokens: they also name the alarms.
   */
  readonly serviceNames: readonly string[];
  /** The orders topic, whose failed deliveries (to the queue) raise an alarm. */
  readonly topicName: string;
  /** The orders table, whose throttled requests and system errors raise an alarm. */
  readonly tableName: string;
}

/**
 * The alarms that mean an order is at risk: a non-empty dead-letter queue or
 * delivery dead-letter queue, messages waiting too long in the queue, ALB 5xx responses, unhealthy
 * receiver targets, fewer tasks running than desired (per service), failed
 * SNS deliveries, and DynamoDB throttling or system errors. All notify one
 * encrypted SNS topic, with an optional email subscription. (The Route 53
 * health check's alarm lives in us-east-1: see HealthCheckAlarmConstruct.)
 */
export class AlarmsConstruct extends Construct {
  public readonly topic: SnsTopic;
  public readonly deadLetterQueueNotEmpty: CloudwatchMetricAlarm;
  public readonly deliveryDeadLetterQueueNotEmpty: CloudwatchMetricAlarm;
  public readonly oldestMessageTooOld: CloudwatchMetricAlarm;
  public readonly http5xx: CloudwatchMetricAlarm;
  public readonly unhealthyTargets: CloudwatchMetricAlarm;
  /** Per service name. */
  public readonly tasksBelowDesired: Readonly<Record<string, CloudwatchMetricAlarm>>;
  public readonly snsDeliveryFailed: CloudwatchMetricAlarm;
  public readonly dynamodbThrottled: CloudwatchMetricAlarm;
  public readonly dynamodbSystemErrors: CloudwatchMetricAlarm;
  /** Starts every alarm name. */
  private readonly prefix: string;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    assertAlarmsProps(props);
    this.prefix = props.prefix;
    this.topic = this.createTopic(props);
    this.deadLetterQueueNotEmpty = this.createDeadLetterQueueAlarm(props);
    this.deliveryDeadLetterQueueNotEmpty = this.createDeliveryDeadLetterQueueAlarm(props);
    this.oldestMessageTooOld = this.createOldestMessageAlarm(props);
    this.http5xx = this.createHttp5xxAlarm(props);
    this.unhealthyTargets = this.createUnhealthyTargetsAlarm(props);
    this.tasksBelowDesired = Object.fromEntries(
      props.serviceNames.map((serviceName) => [
        serviceName,
        this.createTasksBelowDesiredAlarm(props.clusterName, serviceName),
      ]),
    );
    this.snsDeliveryFailed = this.createSnsDeliveryAlarm(props);
    this.dynamodbThrottled = this.createDynamodbAlarm(
      props.tableName,
      'dynamodb-throttled',
      'ThrottledRequests',
      'DynamoDB throttled requests to the orders table (retried; sustained throttling slows or fails orders)',
    );
    this.dynamodbSystemErrors = this.createDynamodbAlarm(
      props.tableName,
      'dynamodb-system-errors',
      'SystemErrors',
      'DynamoDB returned 5xx errors on the orders table (retried; an AWS-side problem)',
    );
  }

  /** The encrypted topic every alarm notifies, with the optional email subscription. */
  private createTopic(props: AlarmsProps): SnsTopic {
    const topic = new SnsTopic(this, 'topic', {
      name: `${props.prefix}-alarms`,
      kmsMasterKeyId: props.kmsKeyArn,
    });
    if (props.alarmEmail) {
      new SnsTopicSubscription(this, 'email', {
        topicArn: topic.arn,
        protocol: 'email',
        endpoint: props.alarmEmail,
      });
    }
    return topic;
  }

  /** An alarm named `<prefix>-<name>` that notifies the topic when it fires and when it clears. */
  private alarm(name: string, config: Omit<CloudwatchMetricAlarmConfig, 'alarmName'>): CloudwatchMetricAlarm {
    return new CloudwatchMetricAlarm(this, name, {
      alarmName: `${this.prefix}-${name}`,
      actionsEnabled: true,
      alarmActions: [this.topic.arn],
      okActions: [this.topic.arn],
      treatMissingData: 'notBreaching',
      ...config,
    });
  }

  private createDeadLetterQueueAlarm(props: AlarmsProps): CloudwatchMetricAlarm {
    return this.alarm('dlq-not-empty', {
      alarmDescription:
        'Orders failed every attempt and wait in the dead-letter queue: inspect and redrive them',
      ...sqsMetric(props.deadLetterQueueName, 'ApproximateNumberOfMessagesVisible'),
      evaluationPeriods: 1,
      threshold: 0,
      comparisonOperator: 'GreaterThanThreshold',
    });
  }

  /**
   * StartMessageMoveTask (the console's "redrive") refuses a queue that is the dead-letter queue
   * of an SNS subscription rather than of an SQS queue, so the description names the project's
   * own redrive instead.
   */
  private createDeliveryDeadLetterQueueAlarm(props: AlarmsProps): CloudwatchMetricAlarm {
    return this.alarm('delivery-dlq-not-empty', {
      alarmDescription:
        `Acknowledged orders SNS could not deliver to ${props.queueName} wait in ` +
        `${props.deliveryDeadLetterQueueName}: check that queue's policy (sns.amazonaws.com, ` +
        'aws:SourceArn = the orders topic) and that the KMS key policy lets SNS use the key, then move them with ' +
        `ORDERS_DLQ_URL=<delivery_dead_letter_queue_url> npm run dlq:redrive (infra/README.md, Alarms)`,
      ...sqsMetric(props.deliveryDeadLetterQueueName, 'ApproximateNumberOfMessagesVisible'),
      evaluationPeriods: 1,
      threshold: 0,
      comparisonOperator: 'GreaterThanThreshold',
    });
  }

  private createOldestMessageAlarm(props: AlarmsProps): CloudwatchMetricAlarm {
    return this.alarm('queue-oldest-message', {
      alarmDescription: 'Orders wait too long in the queue: processors are down, stuck or too few',
      ...sqsMetric(props.queueName, 'ApproximateAgeOfOldestMessage'),
      evaluationPeriods: 3,
      threshold: props.oldestMessageAgeSeconds,
      comparisonOperator: 'GreaterThanThreshold',
    });
  }

  /** 5xx from the ALB itself and from the targets, summed. */
  private createHttp5xxAlarm(props: AlarmsProps): CloudwatchMetricAlarm {
    const count = (id: string, metricName: string) => ({
      id,
      returnData: false,
      metric: {
        namespace: 'AWS/ApplicationELB',
        metricName,
        dimensions: { LoadBalancer: props.loadBalancerArnSuffix },
        stat: 'Sum',
        period: 300,
      },
    });
    return this.alarm('alb-5xx', {
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
  }

  private createUnhealthyTargetsAlarm(props: AlarmsProps): CloudwatchMetricAlarm {
    return this.alarm('unhealthy-targets', {
      alarmDescription: 'Receiver tasks fail the load balancer liveness check',
      namespace: 'AWS/ApplicationELB',
      metricName: 'UnHealthyHostCount',
      dimensions: { LoadBalancer: props.loadBalancerArnSuffix, TargetGroup: props.targetGroupArnSuffix },
      statistic: 'Maximum',
      period: 60,
      evaluationPeriods: 3,
      threshold: 0,
      comparisonOperator: 'GreaterThanThreshold',
    });
  }

  /**
   * Desired minus running tasks of one service (Container Insights). Spot interruptions and
   * deploys dip the count for a minute or two; five minutes below desired means ECS cannot
   * place tasks (no Spot capacity, image pull, crash loop).
   */
  private createTasksBelowDesiredAlarm(clusterName: string, serviceName: string): CloudwatchMetricAlarm {
    const ecs = (id: string, metricName: string) => ({
      id,
      returnData: false,
      metric: {
        namespace: 'ECS/ContainerInsights',
        metricName,
        dimensions: { ClusterName: clusterName, ServiceName: serviceName },
        stat: 'Average',
        period: 60,
      },
    });
    return this.alarm(`${serviceName}-tasks-below-desired`, {
      alarmDescription: `${serviceName}: fewer tasks run than desired for 5 minutes (no capacity, failing starts)`,
      evaluationPeriods: 5,
      datapointsToAlarm: 5,
      threshold: 0,
      comparisonOperator: 'GreaterThanThreshold',
      metricQuery: [
        ecs('running', 'RunningTaskCount'),
        ecs('desired', 'DesiredTaskCount'),
        {
          id: 'missing',
          expression: 'FILL(desired, 0) - FILL(running, 0)',
          label: 'Tasks missing',
          returnData: true,
        },
      ],
    });
  }

  private createSnsDeliveryAlarm(props: AlarmsProps): CloudwatchMetricAlarm {
    return this.alarm('sns-delivery-failed', {
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
  }

  /**
   * Any of a DynamoDB metric on the table. ThrottledRequests and SystemErrors exist only per
   * (TableName, Operation): a Metrics Insights query sums every operation, so no list of
   * operations has to be kept in step with the code. Both are retried by the SDK; any at all
   * is worth a look.
   */
  private createDynamodbAlarm(
    tableName: string,
    name: string,
    metricName: string,
    description: string,
  ): CloudwatchMetricAlarm {
    return this.alarm(name, {
      alarmDescription: description,
      evaluationPeriods: 1,
      threshold: 0,
      comparisonOperator: 'GreaterThanThreshold',
      metricQuery: [
        {
          id: 'q',
          expression: `SELECT SUM(${metricName}) FROM SCHEMA("AWS/DynamoDB", Operation, TableName) WHERE TableName = '${tableName}'`,
          period: 300,
          label: metricName,
          returnData: true,
        },
      ],
    });
  }
}

function assertAlarmsProps(props: AlarmsProps): void {
  if (!(props.oldestMessageAgeSeconds >= 60))
    throw new Error('AlarmsConstruct: oldestMessageAgeSeconds must be >= 60');
  if (!(props.http5xxThreshold >= 1)) throw new Error('AlarmsConstruct: http5xxThreshold must be >= 1');
  if (props.serviceNames.length === 0 || props.serviceNames.some((name) => Token.isUnresolved(name))) {
    throw new Error('AlarmsConstruct: serviceNames must be literal names (they name the alarms)');
  }
}

/** An SQS queue metric, per minute, at its maximum. */
function sqsMetric(queueName: string, metricName: string) {
  return {
    namespace: 'AWS/SQS',
    metricName,
    dimensions: { QueueName: queueName },
    statistic: 'Maximum',
    period: 60,
  };
}
