import { Construct } from 'constructs';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';

export interface DeploymentAlarmsProps {
  /** Starts the alarm names, e.g. `orders-dev-order-receiver`. */
  readonly prefix: string;
  /** `app/<name>/<id>` of the ALB (its `arn_suffix`). */
  readonly loadBalancerArnSuffix: string;
  /** `targetgroup/<name>/<id>` of the service's target group. */
  readonly targetGroupArnSuffix: string;
  /** 5xx responses from the service's targets in one minute that fail a deployment. */
  readonly target5xxPerMinute: number;
  /** Minutes in a row with an unhealthy target that fail a deployment. */
  readonly unhealthyMinutes: number;
}

/**
 * The alarms ECS watches while it rolls out a new revision of a service behind the load balancer,
 * and through the bake time after: the targets' 5xx responses and unhealthy targets. One in ALARM
 * fails the deployment and ECS rolls back to the last completed one, so a release that passes
 * its health checks but answers with errors does not stay. Both use one-minute periods and treat
 * missing data as not breaching (no requests, no targets registered yet): they must be able to
 * return to OK on their own, or every later deployment would fail. They notify nobody: the
 * `alb-5xx` and `unhealthy-targets` alarms of AlarmsConstruct notify the alarm topic, and ECS
 * reports the rollback in the service's events.
 */
export class DeploymentAlarmsConstruct extends Construct {
  public readonly target5xx: CloudwatchMetricAlarm;
  public readonly unhealthyTargets: CloudwatchMetricAlarm;
  /** What the service's `alarms` block names. */
  public readonly alarmNames: string[];

  constructor(scope: Construct, id: string, props: DeploymentAlarmsProps) {
    super(scope, id);
    if (!(Number.isInteger(props.target5xxPerMinute) && props.target5xxPerMinute >= 1)) {
      throw new Error('DeploymentAlarmsConstruct: target5xxPerMinute must be an integer >= 1');
    }
    if (!(Number.isInteger(props.unhealthyMinutes) && props.unhealthyMinutes >= 1)) {
      throw new Error('DeploymentAlarmsConstruct: unhealthyMinutes must be an integer >= 1');
    }
    const dimensions = { LoadBalancer: props.loadBalancerArnSuffix, TargetGroup: props.targetGroupArnSuffix };
    const common = {
      namespace: 'AWS/ApplicationELB',
      dimensions,
      period: 60,
      comparisonOperator: 'GreaterThanOrEqualToThreshold',
      treatMissingData: 'notBreaching',
    } as const;

    this.target5xx = new CloudwatchMetricAlarm(this, 'target-5xx', {
      ...common,
      alarmName: `${props.prefix}-deploy-5xx`,
      alarmDescription:
        "Rolls a deployment back: the targets answered with 5xx (the load balancer's own 5xx, e.g. no target, are not counted)",
      metricName: 'HTTPCode_Target_5XX_Count',
      statistic: 'Sum',
      evaluationPeriods: 1,
      threshold: props.target5xxPerMinute,
    });
    this.unhealthyTargets = new CloudwatchMetricAlarm(this, 'unhealthy-targets', {
      ...common,
      alarmName: `${props.prefix}-deploy-unhealthy`,
      alarmDescription: 'Rolls a deployment back: a target failed the load balancer health check',
      metricName: 'UnHealthyHostCount',
      statistic: 'Maximum',
      evaluationPeriods: props.unhealthyMinutes,
      datapointsToAlarm: props.unhealthyMinutes,
      threshold: 1,
    });
    this.alarmNames = [this.target5xx.alarmName, this.unhealthyTargets.alarmName];
  }
}
