import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { LbListenerRule } from '@cdktf/provider-aws/lib/lb-listener-rule';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { albPathMatches, onlyResource, resourcesOf, synthJson } from '../testing/fixtures';
import {
  LoadBalancerConstruct,
  LoadBalancerProps,
  TARGET_GROUP_NAME_PREFIX_MAX,
  targetGroupNamePrefix,
} from './load-balancer.construct';

describe(LoadBalancerConstruct.name, () => {
  const props: LoadBalancerProps = {
    prefix: 'orders-dev',
    vpcId: 'vpc-1',
    vpcCidr: '10.0.0.0/16',
    publicSubnetIds: ['subnet-a', 'subnet-b'],
    targetPort: 3000,
    healthCheckPath: '/health/live',
    healthCheck: { intervalSeconds: 10, timeoutSeconds: 5, healthyThreshold: 2, unhealthyThreshold: 2 },
    deregistrationDelaySeconds: 30,
    idleTimeoutSeconds: 75,
    publicPathPatterns: ['/orders/*', '/health*', '/docs*'],
  };
  const build = (overrides: Partial<LoadBalancerProps> = {}) =>
    synthJson((scope) => {
      new LoadBalancerConstruct(scope, 'sut', { ...props, ...overrides });
    });

  it('is an internet-facing ALB in the public subnets', () => {
    expect(build().synth).toHaveResourceWithProperties(Lb, {
      internal: false,
      load_balancer_type: 'application',
      subnets: ['subnet-a', 'subnet-b'],
      drop_invalid_header_fields: true,
    });
  });

  it('closes idle connections after the idle timeout it is given, not a hard-coded one', () => {
    expect(build().synth).toHaveResourceWithProperties(Lb, { idle_timeout: 75 });
  });

  it('health-checks the receiver on the given path and timing, and drains targets for the given delay', () => {
    const { synth, json } = build({
      healthCheck: { intervalSeconds: 12, timeoutSeconds: 4, healthyThreshold: 3, unhealthyThreshold: 2 },
    });
    expect(synth).toHaveResourceWithProperties(LbTargetGroup, {
      port: 3000,
      target_type: 'ip',
      health_check: expect.objectContaining({
        path: '/health/live',
        matcher: '200',
        protocol: 'HTTP',
        interval: 12,
        timeout: 4,
        healthy_threshold: 3,
        unhealthy_threshold: 2,
      }),
    });
    expect(onlyResource(json, 'aws_lb_target_group').deregistration_delay).toBe('30');
  });

  it('rejects a health check timing the ALB does not accept', () => {
    const timing = props.healthCheck;
    expect(() => build({ healthCheck: { ...timing, timeoutSeconds: 10 } })).toThrow(/healthCheck/);
    expect(() => build({ healthCheck: { ...timing, intervalSeconds: 4, timeoutSeconds: 2 } })).toThrow(
      /healthCheck/,
    );
    expect(() => build({ healthCheck: { ...timing, unhealthyThreshold: 1 } })).toThrow(/healthCheck/);
  });

  it('serves plain HTTP without a certificate', () => {
    const { synth, json } = build();
    expect(resourcesOf(json, 'aws_lb_listener')).toHaveLength(1);
    expect(synth).toHaveResourceWithProperties(LbListener, { port: 80, protocol: 'HTTP' });
    expect(onlyResource(json, 'aws_lb_listener_rule').listener_arn).toMatch(
      /aws_lb_listener\.sut_http_\w+\.arn/,
    );
    const group = onlyResource(json, 'aws_security_group');
    expect((group.ingress as { from_port: number }[]).map((rule) => rule.from_port)).toEqual([80]);
  });

  it('serves HTTPS and redirects HTTP to it with a certificate', () => {
    const certificateArn = 'arn:aws:acm:eu-west-1:123456789012:certificate/abc';
    const { synth, json } = build({ certificateArn });
    expect(synth).toHaveResourceWithProperties(LbListener, {
      port: 443,
      protocol: 'HTTPS',
      certificate_arn: certificateArn,
      ssl_policy: 'ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09',
    });
    expect(synth).toHaveResourceWithProperties(LbListener, {
      port: 80,
      default_action: [
        expect.objectContaining({
          type: 'redirect',
          redirect: expect.objectContaining({ protocol: 'HTTPS', status_code: 'HTTP_301' }),
        }),
      ],
    });
    const group = onlyResource(json, 'aws_security_group');
    expect((group.ingress as { from_port: number }[]).map((rule) => rule.from_port)).toEqual([80, 443]);
  });

  it('answers 404 itself for every path outside the public API, so /metrics never reaches a task', () => {
    const { synth, json } = build();
    expect(synth).toHaveResourceWithProperties(LbListener, {
      default_action: [
        expect.objectContaining({
          type: 'fixed-response',
          fixed_response: expect.objectContaining({ status_code: '404' }),
        }),
      ],
    });
    expect(synth).toHaveResourceWithProperties(LbListenerRule, {
      action: [expect.objectContaining({ type: 'forward' })],
      condition: [{ path_pattern: { values: ['/orders/*', '/health*', '/docs*'] } }],
    });
    const forwarded = (path: string) =>
      resourcesOf(json, 'aws_lb_listener_rule').some((rule) =>
        (rule.condition as { path_pattern: { values: string[] } }[]).some((condition) =>
          condition.path_pattern.values.some((pattern) => albPathMatches(pattern, path)),
        ),
      );
    // ALB patterns are case-sensitive, Express routes are not: a deny rule for /metrics would let /METRICS through.
    for (const path of ['/metrics', '/METRICS', '/Metrics/', '/', '/admin'])
      expect(forwarded(path)).toBe(false);
    for (const path of [
      '/orders/async',
      '/orders/abc-123',
      '/health',
      '/health/live',
      '/docs',
      '/docs-json',
    ]) {
      expect(forwarded(path)).toBe(true);
    }
  });

  it('forwards the public paths on the HTTPS listener when there is a certificate', () => {
    const { json } = build({ certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc' });
    expect(onlyResource(json, 'aws_lb_listener_rule').listener_arn).toMatch(
      /aws_lb_listener\.sut_https_\w+\.arn/,
    );
  });

  it('rejects an idle timeout ALB does not accept and more path patterns than one rule holds', () => {
    expect(() => build({ idleTimeoutSeconds: 0 })).toThrow(/idleTimeoutSeconds/);
    expect(() => build({ publicPathPatterns: [] })).toThrow(/publicPathPatterns/);
    expect(() => build({ publicPathPatterns: ['/a', '/b', '/c', '/d', '/e', '/f'] })).toThrow(
      /publicPathPatterns/,
    );
    expect(() => build({ publicPathPatterns: ['orders'] })).toThrow(/publicPathPatterns/);
  });

  it('only sends traffic to the receiver port inside the VPC', () => {
    const group = onlyResource(build().json, 'aws_security_group');
    expect(group.egress).toEqual([
      expect.objectContaining({
        from_port: 3000,
        to_port: 3000,
        protocol: 'tcp',
        cidr_blocks: ['10.0.0.0/16'],
      }),
    ]);
  });

  it('names its security group and target group by prefix and replaces them create-before-destroy', () => {
    const { json } = build();
    const group = onlyResource(json, 'aws_security_group');
    expect(group).toMatchObject({
      name_prefix: 'orders-dev-alb-',
      tags: { Name: 'orders-dev-alb' },
      lifecycle: { create_before_destroy: true },
    });
    expect(group.name).toBeUndefined();
    const targets = onlyResource(json, 'aws_lb_target_group');
    expect(targets).toMatchObject({
      name_prefix: 'dev-',
      tags: { Name: 'orders-dev-rcv' },
      lifecycle: { create_before_destroy: true },
    });
    expect(targets.name).toBeUndefined();
  });

  it('derives a target group name prefix AWS accepts (at most 6 characters) from any environment', () => {
    for (const prefix of ['orders-dev', 'orders-prod', 'orders-staging', 'orders-a1']) {
      const sut = targetGroupNamePrefix(prefix);
      expect(sut.length).toBeLessThanOrEqual(TARGET_GROUP_NAME_PREFIX_MAX);
      expect(sut).toMatch(/^[a-z0-9][a-z0-9-]*$/);
    }
    expect(targetGroupNamePrefix('orders-staging')).toBe('stagi-');
    expect(() => build({ prefix: 'orders-' })).toThrow(/name prefix/);
  });

  it('rejects a health check path without a leading slash', () => {
    expect(() => build({ healthCheckPath: 'health' })).toThrow(/healthCheckPath/);
  });
});
