import { Construct } from 'constructs';
import {
  AppautoscalingPolicy,
  AppautoscalingPolicyTargetTrackingScalingPolicyConfiguration as TargetTracking,
} from '@cdktf/provider-aws/lib/appautoscaling-policy';
import { AppautoscalingTarget } from '@cdktf/provider-aws/lib/appautoscaling-target';

export interface ServiceScalingProps {
  /** ECS cluster of the service; with the service, it also names the policies. */
  readonly clusterName: string;
  readonly serviceName: string;
  /** Fewest tasks autoscaling leaves running. */
  readonly minCapacity: number;
  /** Most tasks autoscaling starts. */
  readonly maxCapacity: number;
  /**
   * Average CPU utilisation (%) to hold. At least one of the three targets must be given.
   * @default none: no CPU policy
   */
  readonly cpuTargetPercent?: number;
  /**
   * ALB requests per target per minute, with the `<alb suffix>/<target group suffix>` label.
   * @default none: no request-count policy
   */
  readonly requestsPerTarget?: { readonly resourceLabel: string; readonly target: number };
  /**
   * Visible messages per running task to hold on the named queue.
   * @default none: no queue-backlog policy
   */
  readonly queueBacklogPerTask?: { readonly queueName: string; readonly target: number };
  /**
   * Seconds after a scale-out before the next one.
   * @default 60
   */
  readonly scaleOutCooldownSeconds?: number;
  /**
   * Seconds after a scale-in before the next one.
   * @default 300
   */
  readonly scaleInCooldownSeconds?: number;
}

/**
 * Target-tracking autoscaling of one ECS service between `minCapacity` and
 * `maxCapacity`, on any of: average CPU, ALB requests per target, or SQS
 * backlog per running task (visible messages / RunningTaskCount, computed with
 * metric math). Each given target becomes one policy; the service scales out
 * when any policy asks and in only when all agree.
 */
export class ServiceScalingConstruct extends Construct {
  public readonly target: AppautoscalingTarget;
  public readonly policies: AppautoscalingPolicy[] = [];

  constructor(scope: Construct, id: string, props: ServiceScalingProps) {
    super(scope, id);
    assertServiceScalingProps(props);
    const { cpuTargetPercent, requestsPerTarget, queueBacklogPerTask } = props;
    this.target = new AppautoscalingTarget(this, 'target', {
      serviceNamespace: 'ecs',
      scalableDimension: 'ecs:service:DesiredCount',
      resourceId: `service/${props.clusterName}/${props.serviceName}`,
      minCapacity: props.minCapacity,
      maxCapacity: props.maxCapacity,
    });
    if (cpuTargetPercent !== undefined) {
      this.addPolicy(props, 'cpu', {
        targetValue: cpuTargetPercent,
        predefinedMetricSpecification: { predefinedMetricType: 'ECSServiceAverageCPUUtilization' },
      });
    }
    if (requestsPerTarget) {
      this.addPolicy(props, 'requests', {
        targetValue: requestsPerTarget.target,
        predefinedMetricSpecification: {
          predefinedMetricType: 'ALBRequestCountPerTarget',
          resourceLabel: requestsPerTarget.resourceLabel,
        },
      });
    }
    if (queueBacklogPerTask) {
      this.addPolicy(props, 'backlog', {
        targetValue: queueBacklogPerTask.target,
        customizedMetricSpecification: backlogPerTask(props, queueBacklogPerTask.queueName),
      });
    }
  }

  /** One target-tracking policy named `<cluster>-<service>-<name>`, with the cooldowns. */
  private addPolicy(
    props: ServiceScalingProps,
    name: string,
    configuration: Omit<TargetTracking, 'scaleInCooldown' | 'scaleOutCooldown'>,
  ): void {
    const cooldowns = {
      scaleOutCooldown: props.scaleOutCooldownSeconds ?? 60,
      scaleInCooldown: props.scaleInCooldownSeconds ?? 300,
    };
    this.policies.push(
      new AppautoscalingPolicy(this, name, {
        name: `${props.clusterName}-${props.serviceName}-${name}`,
        policyType: 'TargetTrackingScaling',
        serviceNamespace: this.target.serviceNamespace,
        scalableDimension: this.target.scalableDimension,
        resourceId: this.target.resourceId,
        targetTrackingScalingPolicyConfiguration: { ...cooldowns, ...configuration },
      }),
    );
  }
}

/** Metric math: the queue's visible messages divided by the service's RunningTaskCount. */
function backlogPerTask(
  { clusterName, serviceName }: ServiceScalingProps,
  queueName: string,
): TargetTracking['customizedMetricSpecification'] {
  return {
    metrics: [
      {
        id: 'visible',
        returnData: false,
        metricStat: {
          stat: 'Average',
          metric: {
            namespace: 'AWS/SQS',
            metricName: 'ApproximateNumberOfMessagesVisible',
            dimensions: [{ name: 'QueueName', value: queueName }],
          },
        },
      },
      {
        id: 'tasks',
        returnData: false,
        metricStat: {
          stat: 'Average',
          metric: {
            namespace: 'ECS/ContainerInsights',
            metricName: 'RunningTaskCount',
            dimensions: [
              { name: 'ClusterName', value: clusterName },
              { name: 'ServiceName', value: serviceName },
            ],
          },
        },
      },
      {
        id: 'backlogPerTask',
        label: 'Visible messages per running task',
        // With no running task the whole backlog counts, so the service scales out from zero.
        expression: 'IF(tasks > 0, visible / tasks, visible)',
        returnData: true,
      },
    ],
  };
}

function assertServiceScalingProps(props: ServiceScalingProps): void {
  const { minCapacity, maxCapacity, cpuTargetPercent, requestsPerTarget, queueBacklogPerTask } = props;
  if (
    !Number.isInteger(minCapacity) ||
    minCapacity < 0 ||
    !Number.isInteger(maxCapacity) ||
    maxCapacity < minCapacity
  ) {
    throw new Error(
      `ServiceScalingConstruct: need integers 0 <= min (${minCapacity}) <= max (${maxCapacity})`,
    );
  }
  if (!cpuTargetPercent && !requestsPerTarget && !queueBacklogPerTask) {
    throw new Error('ServiceScalingConstruct: give at least one scaling target');
  }
  if (cpuTargetPercent !== undefined && (cpuTargetPercent <= 0 || cpuTargetPercent > 100)) {
    throw new Error('ServiceScalingConstruct: cpuTargetPercent must be above 0 and at most 100');
  }
  for (const target of [requestsPerTarget?.target, queueBacklogPerTask?.target]) {
    if (target !== undefined && !(target > 0))
      throw new Error('ServiceScalingConstruct: targets must be positive');
  }
}
