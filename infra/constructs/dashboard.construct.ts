import { Construct } from 'constructs';
import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import {
  IN_FLIGHT_SAMPLES_PER_FLUSH,
  ORDER_METRICS,
  ORDER_METRICS_DIMENSION,
  ORDER_METRICS_NAMESPACE,
  ORDER_METRICS_PERIOD_SECONDS,
  OrderMetricDefinition,
} from '@app/aws-resources';
import {
  dashboardBody,
  DashboardWidget,
  metricWidget,
  textWidget,
  WidgetMetric,
} from '../lib/dashboard-widgets';

export interface DashboardProps {
  /** The dashboard's name, e.g. `orders-dev`. */
  readonly name: string;
  /** The region whose metrics the widgets read: the stack's. */
  readonly region: string;
  /** The environment, the value of the order metrics' Environment dimension (EMF_METRICS_ENVIRONMENT). */
  readonly environment: string;
  /** The orders queue, its dead-letter queue, and the subscription's dead-letter queue. */
  readonly queueName: string;
  readonly deadLetterQueueName: string;
  readonly deliveryDeadLetterQueueName: string;
  /** The ECS cluster and the names of its services. */
  readonly clusterName: string;
  readonly serviceNames: readonly string[];
  /** The load balancer's `arn_suffix` (`app/<name>/<id>`), its metrics' LoadBalancer dimension. */
  readonly loadBalancerArnSuffix: string;
  /** The orders table. */
  readonly tableName: string;
  /** PROCESSOR_CONCURRENCY, drawn across the in-flight graph: a task never holds more. */
  readonly processorConcurrency: number;
}

/**
 * The environment's CloudWatch dashboard: what to watch while tuning PROCESSOR_CONCURRENCY and the
 * task counts. Orders accepted against completed, processing duration and orders in flight per
 * processor task come from the apps' embedded-metric-format lines (namespace ResilientOrders, one
 * line per task per minute); the queue, the dead-letter queues, the load balancer and the table
 * from AWS's own namespaces; running tasks from Container Insights. Each widget's title names its
 * source. No metric says which capacity provider a running task is on: a text widget says where
 * to look instead.
 */
export class DashboardConstruct extends Construct {
  public readonly dashboard: CloudwatchDashboard;
  /** The dashboard in the CloudWatch console of the stack's region. */
  public readonly url: string;

  constructor(scope: Construct, id: string, props: DashboardProps) {
    super(scope, id);
    validate(props);
    this.dashboard = new CloudwatchDashboard(this, 'dashboard', {
      dashboardName: props.name,
      dashboardBody: dashboardBody(widgets(props)),
    });
    this.url =
      `https://${props.region}.console.aws.amazon.com/cloudwatch/home?region=${props.region}` +
      `#dashboards/dashboard/${props.name}`;
  }
}

function validate(props: DashboardProps): void {
  if (!/^[A-Za-z0-9_-]{1,255}$/.test(props.name)) {
    throw new Error(`DashboardConstruct: invalid dashboard name "${props.name}" (letters, digits, - and _)`);
  }
  if (!Number.isInteger(props.processorConcurrency) || props.processorConcurrency < 1) {
    throw new Error(
      `DashboardConstruct: processorConcurrency must be a positive integer, got ${props.processorConcurrency}`,
    );
  }
  if (props.serviceNames.length === 0) throw new Error('DashboardConstruct: serviceNames is empty');
}

function widgets(props: DashboardProps): DashboardWidget[] {
  const { region } = props;
  const period = ORDER_METRICS_PERIOD_SECONDS;
  const order = (metric: OrderMetricDefinition, stat: string, label: string): WidgetMetric => ({
    namespace: ORDER_METRICS_NAMESPACE,
    name: metric.name,
    dimensions: { [ORDER_METRICS_DIMENSION]: props.environment },
    stat,
    label,
  });
  const sqs = (queueName: string, name: string, label: string, yAxis?: 'right'): WidgetMetric => ({
    namespace: 'AWS/SQS',
    name,
    dimensions: { QueueName: queueName },
    stat: 'Maximum',
    label,
    yAxis,
  });
  const alb = (name: string, stat: string, label: string): WidgetMetric => ({
    namespace: 'AWS/ApplicationELB',
    name,
    dimensions: { LoadBalancer: props.loadBalancerArnSuffix },
    stat,
    label,
  });
  const table = (name: string, label: string): WidgetMetric => ({
    namespace: 'AWS/DynamoDB',
    name,
    dimensions: { TableName: props.tableName },
    stat: 'Sum',
    label,
  });
  const tasks = (serviceName: string, name: string, label: string): WidgetMetric => ({
    namespace: 'ECS/ContainerInsights',
    name,
    dimensions: { ClusterName: props.clusterName, ServiceName: serviceName },
    stat: 'Average',
    label,
  });
  return [
    textWidget(overview(props), { width: 24, height: 3 }),
    metricWidget({
      title: `Orders per minute: accepted vs completed (EMF, ${ORDER_METRICS_NAMESPACE})`,
      region,
      period,
      metrics: [
        order(ORDER_METRICS.accepted, 'Sum', 'accepted (receiver, async)'),
        order(ORDER_METRICS.completed, 'Sum', 'completed (processor)'),
        order(ORDER_METRICS.failed, 'Sum', 'failed (processor)'),
        order(ORDER_METRICS.deadLettered, 'Sum', 'dead-lettered (processor)'),
      ],
    }),
    metricWidget({
      title: 'Orders queue: depth and age of the oldest message (AWS/SQS)',
      region,
      period,
      metrics: [
        sqs(props.queueName, 'ApproximateNumberOfMessagesVisible', 'waiting'),
        sqs(props.queueName, 'ApproximateNumberOfMessagesNotVisible', 'in flight (received)'),
        sqs(props.queueName, 'ApproximateAgeOfOldestMessage', 'oldest message age (s)', 'right'),
      ],
    }),
    metricWidget({
      title: `Processing duration p50/p99, claim to end (EMF, ${ORDER_METRICS_NAMESPACE})`,
      region,
      period,
      metrics: [
        order(ORDER_METRICS.processingDuration, 'p50', 'p50 (ms)'),
        order(ORDER_METRICS.processingDuration, 'p99', 'p99 (ms)'),
      ],
    }),
    metricWidget({
      title: `Orders in flight per processor task (EMF, ${ORDER_METRICS_NAMESPACE}; sampled every ${period / IN_FLIGHT_SAMPLES_PER_FLUSH} s)`,
      region,
      period,
      metrics: [
        order(ORDER_METRICS.inFlight, 'Average', 'average per task'),
        order(ORDER_METRICS.inFlight, 'Maximum', 'busiest task'),
      ],
      horizontalAnnotations: [{ value: props.processorConcurrency, label: 'PROCESSOR_CONCURRENCY' }],
    }),
    metricWidget({
      title: 'Dead-letter queues: depth (AWS/SQS)',
      region,
      period,
      metrics: [
        sqs(props.deadLetterQueueName, 'ApproximateNumberOfMessagesVisible', 'processing DLQ'),
        sqs(props.deliveryDeadLetterQueueName, 'ApproximateNumberOfMessagesVisible', 'delivery DLQ (SNS)'),
      ],
    }),
    metricWidget({
      title: 'Running tasks per service (ECS/ContainerInsights)',
      region,
      period,
      metrics: props.serviceNames.flatMap((service) => [
        tasks(service, 'RunningTaskCount', `${service} running`),
        tasks(service, 'DesiredTaskCount', `${service} desired`),
      ]),
    }),
    textWidget(spotVersusOnDemand(props)),
    metricWidget({
      title: 'Load balancer: requests, 4xx and 5xx per minute (AWS/ApplicationELB)',
      region,
      period,
      metrics: [
        alb('RequestCount', 'Sum', 'requests'),
        alb('HTTPCode_Target_4XX_Count', 'Sum', '4xx from the receiver'),
        alb('HTTPCode_Target_5XX_Count', 'Sum', '5xx from the receiver'),
        alb('HTTPCode_ELB_4XX_Count', 'Sum', '4xx from the ALB'),
        alb('HTTPCode_ELB_5XX_Count', 'Sum', '5xx from the ALB'),
      ],
    }),
    metricWidget({
      title: 'Load balancer: target response time p50/p99 (AWS/ApplicationELB)',
      region,
      period,
      metrics: [alb('TargetResponseTime', 'p50', 'p50 (s)'), alb('TargetResponseTime', 'p99', 'p99 (s)')],
    }),
    metricWidget({
      title: 'Orders table: consumed capacity units per minute (AWS/DynamoDB)',
      region,
      period,
      metrics: [table('ConsumedReadCapacityUnits', 'read'), table('ConsumedWriteCapacityUnits', 'write')],
    }),
    metricWidget({
      title: 'Orders table: throttled requests (AWS/DynamoDB)',
      region,
      period,
      metrics: [
        table('ReadThrottleEvents', 'read throttles'),
        table('WriteThrottleEvents', 'write throttles'),
      ],
    }),
  ];
}

function overview(props: DashboardProps): string {
  return [
    `## Orders, ${props.environment}`,
    `Order metrics (namespace \`${ORDER_METRICS_NAMESPACE}\`, dimension \`${ORDER_METRICS_DIMENSION}\`) come from ` +
      "the apps' embedded-metric-format log lines, one per task per minute, which CloudWatch Logs extracts. " +
      'Queues, load balancer and table: AWS/SQS, AWS/ApplicationELB, AWS/DynamoDB. Tasks: Container Insights. ' +
      'Tuning PROCESSOR_CONCURRENCY: raise it while in flight per task stays at the line, the queue grows and ' +
      'DynamoDB does not throttle; lower it when p99 or throttles climb.',
  ].join('\n\n');
}

function spotVersusOnDemand(props: DashboardProps): string {
  const service = props.serviceNames[0];
  return [
    '### Spot vs on-demand',
    'No CloudWatch metric splits running tasks by capacity provider, and the task metadata endpoint a task ' +
      'could report it from has no capacity provider either (only `LaunchType`, FARGATE for both). ' +
      "Each task's capacity provider is in the ECS console (the task's details) or:",
    '```',
    `aws ecs describe-tasks --cluster ${props.clusterName} --region ${props.region} --tasks $(aws ecs list-tasks ` +
      `--cluster ${props.clusterName} --region ${props.region} --service-name ${service} --query taskArns ` +
      '--output text) --query "tasks[].capacityProviderName"',
    '```',
    `(any service: ${props.serviceNames.join(', ')}). A Spot task that AWS reclaims stops with ` +
      "`stoppedReason` naming the Spot interruption, in the service's events.",
  ].join('\n\n');
}
