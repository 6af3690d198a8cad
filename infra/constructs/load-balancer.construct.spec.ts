import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { onlyResource, resourcesOf, synthJson } from '../testing/fixtures';
import { LoadBalancerConstruct, LoadBalancerProps } from './load-balancer.construct';

describe(LoadBalancerConstruct.name, () => {
  const props: LoadBalancerProps = {
    prefix: 'orders-dev',
    vpcId: 'vpc-1',
    vpcCidr: '10.0.0.0/16',
    publicSubnetIds: ['subnet-a', 'subnet-b'],
    targetPort: 3000,
    healthCheckPath: '/health',
    deregistrationDelaySeconds: 30,
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

  it('health-checks the receiver on /health and drains targets within 30 seconds', () => {
    const { synth, json } = build();
    expect(synth).toHaveResourceWithProperties(LbTargetGroup, {
      port: 3000,
      target_type: 'ip',
      health_check: expect.objectContaining({ path: '/health', matcher: '200', protocol: 'HTTP' }),
    });
    expect(Number(onlyResource(json, 'aws_lb_target_group').deregistration_delay)).toBeLessThanOrEqual(30);
  });

  it('serves plain HTTP without a certificate', () => {
    const { synth, json } = build();
    expect(resourcesOf(json, 'aws_lb_listener')).toHaveLength(1);
    expect(synth).toHaveResourceWithProperties(LbListener, {
      port: 80,
      protocol: 'HTTP',
      default_action: [expect.objectContaining({ type: 'forward' })],
    });
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
      ssl_policy: expect.stringContaining('TLS13'),
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

  it('rejects a health check path without a leading slash', () => {
    expect(() => build({ healthCheckPath: 'health' })).toThrow(/healthCheckPath/);
  });
});
