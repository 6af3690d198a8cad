import { AppautoscalingTarget } from '@cdktf/provider-aws/lib/appautoscaling-target';
import { resourcesOf, synthJson } from '../testing/fixtures';
import { ServiceScalingConstruct, ServiceScalingProps } from './service-scaling.construct';

describe(ServiceScalingConstruct.name, () => {
  const base = { clusterName: 'orders-dev', serviceName: 'order-processor', minCapacity: 1, maxCapacity: 8 };
  const build = (props: Partial<ServiceScalingProps>) =>
    synthJson((scope) => {
      new ServiceScalingConstruct(scope, 'sut', { ...base, ...props });
    });
  type Tracking = {
    target_value: number;
    predefined_metric_specification?: { predefined_metric_type: string; resource_label?: string };
    customized_metric_specification?: {
      metrics: { id: string; expression?: string; return_data?: boolean }[];
    };
  };
  const tracking = (json: ReturnType<typeof build>['json']) =>
    resourcesOf(json, 'aws_appautoscaling_policy').map(
      (policy) => policy.target_tracking_scaling_policy_configuration as Tracking,
    );

  it('scales the service desired count between min and max', () => {
    expect(build({ cpuTargetPercent: 60 }).synth).toHaveResourceWithProperties(AppautoscalingTarget, {
      resource_id: 'service/orders-dev/order-processor',
      scalable_dimension: 'ecs:service:DesiredCount',
      min_capacity: 1,
      max_capacity: 8,
    });
  });

  it('tracks queue backlog per running task with metric math', () => {
    const [sut] = tracking(
      build({ queueBacklogPerTask: { queueName: 'orders-dev-queue', target: 100 } }).json,
    );
    expect(sut.target_value).toBe(100);
    const metrics = sut.customized_metric_specification!.metrics;
    expect(metrics.map((metric) => metric.id)).toEqual(['visible', 'tasks', 'backlogPerTask']);
    expect(JSON.stringify(metrics[0])).toContain('ApproximateNumberOfMessagesVisible');
    expect(JSON.stringify(metrics[1])).toContain('RunningTaskCount');
    expect(metrics[2]).toMatchObject({
      expression: 'IF(tasks > 0, visible / tasks, visible)',
      return_data: true,
    });
  });

  it('tracks CPU and ALB requests per target', () => {
    const policies = tracking(
      build({
        cpuTargetPercent: 60,
        requestsPerTarget: { resourceLabel: 'app/x/1/targetgroup/y/2', target: 1000 },
      }).json,
    );
    expect(policies.map((policy) => policy.predefined_metric_specification)).toEqual([
      { predefined_metric_type: 'ECSServiceAverageCPUUtilization' },
      { predefined_metric_type: 'ALBRequestCountPerTarget', resource_label: 'app/x/1/targetgroup/y/2' },
    ]);
  });

  it('rejects no target and min above max', () => {
    expect(() => build({})).toThrow(/at least one/);
    expect(() => build({ cpuTargetPercent: 50, minCapacity: 5, maxCapacity: 2 })).toThrow(/min/);
  });

  it.each([-1, 101])('rejects a CPU target of %s%%, naming the range it accepts', (cpuTargetPercent) => {
    expect(() => build({ cpuTargetPercent })).toThrow(/cpuTargetPercent must be above 0 and at most 100/);
  });
});
