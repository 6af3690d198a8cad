import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import { ORDER_METRICS, ORDER_METRICS_NAMESPACE } from '@app/aws-resources';
import { onlyResource, synthJson } from '../testing/fixtures';
import { DashboardConstruct, DashboardProps } from './dashboard.construct';

interface Widget {
  type: string;
  x: number;
  y: number;
  width: number;
  height: number;
  properties: {
    title?: string;
    markdown?: string;
    region?: string;
    period?: number;
    metrics?: unknown[][];
    annotations?: { horizontal: { value: number; label: string }[] };
  };
}

/** A widget's metric line, read back from the dashboard's `[namespace, name, dim, value…, options]` form. */
interface Line {
  namespace: string;
  name: string;
  dimensions: Record<string, string>;
  stat: string;
}

describe(DashboardConstruct.name, () => {
  const props: DashboardProps = {
    name: 'orders-dev',
    region: 'eu-west-1',
    environment: 'dev',
    queueName: 'orders-dev-queue',
    deadLetterQueueName: 'orders-dev-dlq',
    deliveryDeadLetterQueueName: 'orders-dev-delivery-dlq',
    clusterName: 'orders-dev',
    serviceNames: ['order-receiver', 'order-processor'],
    loadBalancerArnSuffix: 'app/orders-dev-alb/0123456789abcdef',
    tableName: 'orders-dev-customer-orders',
    processorConcurrency: 10,
  };
  const build = (overrides: Partial<DashboardProps> = {}) => {
    let sut!: DashboardConstruct;
    const { synth, json } = synthJson((scope) => {
      sut = new DashboardConstruct(scope, 'sut', { ...props, ...overrides });
    });
    const body = onlyResource(json, 'aws_cloudwatch_dashboard').dashboard_body as string;
    const widgets = (JSON.parse(body) as { widgets: Widget[] }).widgets;
    return { synth, sut, widgets };
  };
  const linesOf = (widget: Widget): Line[] =>
    (widget.properties.metrics ?? []).map((row) => {
      const options = row.at(-1) as { stat: string };
      const [namespace, name, ...rest] = row.slice(0, -1) as string[];
      const dimensions: Record<string, string> = {};
      for (let i = 0; i < rest.length; i += 2) dimensions[rest[i]] = rest[i + 1];
      return { namespace, name, dimensions, stat: options.stat };
    });
  const metricWidgets = (widgets: Widget[]) => widgets.filter((w) => w.type === 'metric');
  const widgetTitled = (widgets: Widget[], start: string) => {
    const found = widgets.filter((w) => w.properties.title?.startsWith(start));
    if (found.length !== 1) throw new Error(`expected one widget titled "${start}…", found ${found.length}`);
    return found[0];
  };

  it('creates one dashboard named after the environment, with its console URL in the stack region', () => {
    const { synth, sut } = build();
    expect(synth).toHaveResourceWithProperties(CloudwatchDashboard, { dashboard_name: 'orders-dev' });
    expect(sut.url).toBe(
      'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#dashboards/dashboard/orders-dev',
    );
  });

  it("names each metric widget's source in its title, and reads every metric in the stack's region per minute", () => {
    const { widgets } = build();
    for (const widget of metricWidgets(widgets)) {
      expect(widget.properties.region).toBe('eu-west-1');
      expect(widget.properties.period).toBe(60);
      for (const { namespace } of linesOf(widget)) {
        const source = namespace === ORDER_METRICS_NAMESPACE ? `EMF, ${ORDER_METRICS_NAMESPACE}` : namespace;
        expect(widget.properties.title).toContain(source);
      }
    }
  });

  it("graphs accepted against completed orders, the processing duration's p50/p99 and in flight per task from the apps' EMF metrics", () => {
    const { widgets } = build();
    const emf = (name: string, stat: string) => ({
      namespace: ORDER_METRICS_NAMESPACE,
      name,
      dimensions: { Environment: 'dev' },
      stat,
    });
    expect(linesOf(widgetTitled(widgets, 'Orders per minute'))).toEqual([
      emf(ORDER_METRICS.accepted.name, 'Sum'),
      emf(ORDER_METRICS.completed.name, 'Sum'),
      emf(ORDER_METRICS.failed.name, 'Sum'),
      emf(ORDER_METRICS.deadLettered.name, 'Sum'),
    ]);
    expect(linesOf(widgetTitled(widgets, 'Processing duration'))).toEqual([
      emf(ORDER_METRICS.processingDuration.name, 'p50'),
      emf(ORDER_METRICS.processingDuration.name, 'p99'),
    ]);
    const inFlight = widgetTitled(widgets, 'Orders in flight per processor task');
    expect(linesOf(inFlight)).toEqual([
      emf(ORDER_METRICS.inFlight.name, 'Average'),
      emf(ORDER_METRICS.inFlight.name, 'Maximum'),
    ]);
    expect(inFlight.properties.annotations?.horizontal).toEqual([
      { value: 10, label: 'PROCESSOR_CONCURRENCY' },
    ]);
    // The apps sample the gauge 12 times per 60 s line.
    expect(inFlight.properties.title).toContain('sampled every 5 s');
  });

  it('graphs the orders queue, both dead-letter queues, the load balancer and the table from their AWS namespaces', () => {
    const { widgets } = build();
    const lines = metricWidgets(widgets).flatMap(linesOf);
    const has = (namespace: string, name: string, dimensions: Record<string, string>, stat: string) =>
      expect(lines).toContainEqual({ namespace, name, dimensions, stat });
    has('AWS/SQS', 'ApproximateNumberOfMessagesVisible', { QueueName: 'orders-dev-queue' }, 'Maximum');
    has('AWS/SQS', 'ApproximateAgeOfOldestMessage', { QueueName: 'orders-dev-queue' }, 'Maximum');
    has('AWS/SQS', 'ApproximateNumberOfMessagesVisible', { QueueName: 'orders-dev-dlq' }, 'Maximum');
    has('AWS/SQS', 'ApproximateNumberOfMessagesVisible', { QueueName: 'orders-dev-delivery-dlq' }, 'Maximum');
    const alb = { LoadBalancer: 'app/orders-dev-alb/0123456789abcdef' };
    has('AWS/ApplicationELB', 'RequestCount', alb, 'Sum');
    has('AWS/ApplicationELB', 'HTTPCode_Target_4XX_Count', alb, 'Sum');
    has('AWS/ApplicationELB', 'HTTPCode_Target_5XX_Count', alb, 'Sum');
    has('AWS/ApplicationELB', 'HTTPCode_ELB_5XX_Count', alb, 'Sum');
    has('AWS/ApplicationELB', 'TargetResponseTime', alb, 'p99');
    const table = { TableName: 'orders-dev-customer-orders' };
    has('AWS/DynamoDB', 'ConsumedReadCapacityUnits', table, 'Sum');
    has('AWS/DynamoDB', 'ConsumedWriteCapacityUnits', table, 'Sum');
    has('AWS/DynamoDB', 'ReadThrottleEvents', table, 'Sum');
    has('AWS/DynamoDB', 'WriteThrottleEvents', table, 'Sum');
  });

  it("graphs each service's running tasks from Container Insights, and says where Spot vs on-demand is seen", () => {
    const { widgets } = build();
    const running = linesOf(widgetTitled(widgets, 'Running tasks per service')).filter(
      (line) => line.name === 'RunningTaskCount',
    );
    expect(running).toEqual(
      props.serviceNames.map((service) => ({
        namespace: 'ECS/ContainerInsights',
        name: 'RunningTaskCount',
        dimensions: { ClusterName: 'orders-dev', ServiceName: service },
        stat: 'Average',
      })),
    );
    const spot = widgets.filter((w) => w.properties.markdown?.includes('Spot vs on-demand'));
    expect(spot).toHaveLength(1);
    expect(spot[0].properties.markdown).toContain(
      'No CloudWatch metric splits running tasks by capacity provider',
    );
    expect(spot[0].properties.markdown).toContain('--cluster orders-dev');
    expect(spot[0].properties.markdown).toContain('capacityProviderName');
  });

  it('lays the widgets out on the 24-column grid without overlaps', () => {
    const { widgets } = build();
    const cells = new Set<string>();
    for (const w of widgets) {
      expect(w.x + w.width).toBeLessThanOrEqual(24);
      for (let x = w.x; x < w.x + w.width; x++) {
        for (let y = w.y; y < w.y + w.height; y++) {
          expect(cells.has(`${x},${y}`)).toBe(false);
          cells.add(`${x},${y}`);
        }
      }
    }
  });

  it.each([
    [{ name: 'orders dev' }, /invalid dashboard name/],
    [{ processorConcurrency: 0 }, /processorConcurrency/],
    [{ serviceNames: [] }, /serviceNames/],
  ])('rejects %p', (overrides, message) => {
    expect(() => build(overrides)).toThrow(message);
  });
});
