import { Construct } from 'constructs';
import {
  AppautoscalingPolicy,
  AppautoscalingPolicyTargetTrackingScalingPolicyConfiguration as TargetTracking,
} from '@cdktf/provider-aws/lib/appautoscaling-policy';
import { AppautoscalingTarget } from '@cdktf/provider-aws/lib/appautoscaling-target';

/**
 * Target-tracking autoscaling of one ECS service between `minCapacity` and
 * `maxCapacity`, on any of: average CPU, ALB requests per target, or SQS
 * backlog per running task (visible messages / RunningTaskCount, computed with
 * metric math). Each given target becomes one policy; the service scales out
 * when any policy asks and in only when all agree.
 */
export interface ServiceScalingProps {
  readonly clusterName: string;
  readonly serviceName: string;
  readonly minCapacity: number;
  readonly maxCapacity: number;
  /** Average CPU utilisation (%) to hold. */
  readonly cpuTargetPercent?: number;
  /** ALB requests per target per minute, with the `<alb suffix>/<target group suffix>` label. */
  readonly requestsPerTarget?: { readonly resourceLabel: string; readonly target: number };
  /** Visible messages per running task to hold on the named queue. */
  readonly queueBacklogPerTask?: { readonly queueName: string; readonly target: number };
  readonly scaleOutCooldownSeconds?: number;
  readonly scaleInCooldownSeconds?: number;
}

export class ServiceScalingConstruct extends Construct {
  public readonly target: AppautoscalingTarget;
  public readonly policies: AppautoscalingPolicy[] = [];

  constructor(scope: Construct, id: string, props: ServiceScalingProps) {
    super(scope, id);
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
      throw new Error('ServiceScalingConstruct: cpuTargetPercent must be 1-100');
    }
    for (const target of [requestsPerTarget?.target, queueBacklogPerTask?.target]) {
      if (target !== undefined && !(target > 0))
        throw new Error('ServiceScalingConstruct: targets must be positive');
    }

    this.target = new AppautoscalingTarget(this, 'target', {
      serviceNamespace: 'ecs',
      scalableDimension: 'ecs:service:DesiredCount',
      resourceId: `service/${props.clusterName}/${props.serviceName}`,
      minCapacity,
      maxCapacity,
    });
    const cooldowns = {
      scaleOutCooldown: props.scaleOutCooldownSeconds ?? 60,
      scaleInCooldown: props.scaleInCooldownSeconds ?? 300,
    };
    const policy = (
      name: string,
      configuration: Omit<TargetTracking, 'scaleInCooldown' | 'scaleOutCooldown'>,
    ) =>
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

    if (cpuTargetPercent !== undefined) {
      policy('cpu', {
        targetValue: cpuTargetPercent,
        predefinedMetricSpecification: { predefinedMetricType: 'ECSServiceAverageCPUUtilization' },
      });
    }
    if (requestsPerTarget) {
      policy('requests', {
        targetValue: requestsPerTarget.target,
        predefinedMetricSpecification: {
          predefinedMetricType: 'ALBRequestCountPerTarget',
          resourceLabel: requestsPerTarget.resourceLabel,
        },
      });
    }
    if (queueBacklogPerTask) {
      policy('backlog', {
        targetValue: queueBacklogPerTask.target,
        customizedMetricSpecification: {
          metrics: [
            {
              id: 'visible',
              returnData: false,
              metricStat: {
                stat: 'Average',
                metric: {
                  namespace: 'AWS/SQS',
                  metricName: 'ApproximateNumberOfMessagesVisible',
                  dimensions: [{ name: 'QueueName', value: queueBacklogPerTask.queueName }],
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
                    { name: 'ClusterName', value: props.clusterName },
                    { name: 'ServiceName', value: props.serviceName },
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
        },
      });
    }
  }
}
