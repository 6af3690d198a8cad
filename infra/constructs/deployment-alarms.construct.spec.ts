import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { resourcesOf, synthJson } from '../testing/fixtures';
import { DeploymentAlarmsConstruct, DeploymentAlarmsProps } from './deployment-alarms.construct';

describe(DeploymentAlarmsConstruct.name, () => {
  const props: DeploymentAlarmsProps = {
    prefix: 'orders-dev-order-receiver',
    loadBalancerArnSuffix: 'app/orders-dev-alb/1',
    targetGroupArnSuffix: 'targetgroup/orders-dev-rcv/2',
    target5xxPerMinute: 5,
    unhealthyMinutes: 2,
  };
  const build = (overrides: Partial<DeploymentAlarmsProps> = {}) => {
    let sut!: DeploymentAlarmsConstruct;
    const out = synthJson((scope) => {
      sut = new DeploymentAlarmsConstruct(scope, 'sut', { ...props, ...overrides });
    });
    return { ...out, sut };
  };
  const dimensions = { LoadBalancer: 'app/orders-dev-alb/1', TargetGroup: 'targetgroup/orders-dev-rcv/2' };

  it("alarms on the target group's 5xx count and unhealthy hosts, per minute", () => {
    const { synth, sut } = build();
    expect(synth).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      alarm_name: 'orders-dev-order-receiver-deploy-5xx',
      namespace: 'AWS/ApplicationELB',
      metric_name: 'HTTPCode_Target_5XX_Count',
      dimensions,
      statistic: 'Sum',
      period: 60,
      threshold: 5,
      comparison_operator: 'GreaterThanOrEqualToThreshold',
    });
    expect(synth).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      alarm_name: 'orders-dev-order-receiver-deploy-unhealthy',
      metric_name: 'UnHealthyHostCount',
      dimensions,
      statistic: 'Maximum',
      period: 60,
      evaluation_periods: 2,
      datapoints_to_alarm: 2,
      threshold: 1,
    });
    expect(sut.alarmNames).toHaveLength(2);
  });

  it('lets every alarm return to OK without data, so that a later deployment can pass', () => {
    for (const alarm of resourcesOf(build().json, 'aws_cloudwatch_metric_alarm')) {
      expect(alarm.treat_missing_data).toBe('notBreaching');
    }
  });

  it.each([
    [{ target5xxPerMinute: 0 }, /target5xxPerMinute/],
    [{ unhealthyMinutes: 1.5 }, /unhealthyMinutes/],
  ])('rejects %p', (overrides, message) => {
    expect(() => build(overrides)).toThrow(message);
  });
});
