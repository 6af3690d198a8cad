import { Route53HealthCheck } from '@cdktf/provider-aws/lib/route53-health-check';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { failoverDomain } from '../lib/failover-domain';
import { onlyResource, parsePolicy, synthJson } from '../testing/fixtures';
import { FailoverConstruct, FailoverProps } from './failover.construct';

describe(FailoverConstruct.name, () => {
  const props: FailoverProps = {
    prefix: 'orders-prod',
    domain: failoverDomain('example.com', 'orders'),
    loadBalancer: { dnsName: 'orders-prod-alb-1.eu-west-1.elb.amazonaws.com', zoneId: 'Z32O12XQLNTSW2' },
    healthCheck: { protocol: 'HTTP', port: 80, path: '/health' },
    standbyPageHtml: '<html><body>We are down for maintenance</body></html>',
  };
  const build = (overrides: Partial<FailoverProps> = {}) =>
    synthJson((scope) => {
      new FailoverConstruct(scope, 'sut', { ...props, ...overrides });
    });

  it('health-checks the ALB readiness path', () => {
    expect(build().synth).toHaveResourceWithProperties(Route53HealthCheck, {
      type: 'HTTP',
      fqdn: props.loadBalancer.dnsName,
      port: 80,
      resource_path: '/health',
    });
  });

  it('answers with the ALB as PRIMARY, guarded by the health check', () => {
    expect(build().synth).toHaveResourceWithProperties(Route53Record, {
      name: 'orders.example.com',
      type: 'A',
      failover_routing_policy: { type: 'PRIMARY' },
      health_check_id: expect.stringContaining('aws_route53_health_check.'),
      alias: { name: props.loadBalancer.dnsName, zone_id: 'Z32O12XQLNTSW2', evaluate_target_health: true },
    });
  });

  it('falls back to the S3 website named like the record as SECONDARY', () => {
    const { synth } = build();
    expect(synth).toHaveResourceWithProperties(S3Bucket, { bucket: 'orders.example.com' });
    expect(synth).toHaveResourceWithProperties(Route53Record, {
      name: 'orders.example.com',
      failover_routing_policy: { type: 'SECONDARY' },
      alias: {
        name: expect.stringMatching(/aws_s3_bucket_website_configuration\.\S+\.website_domain/),
        zone_id: expect.stringMatching(/aws_s3_bucket\.\S+\.hosted_zone_id/),
        evaluate_target_health: false,
      },
    });
  });

  it('serves the standby page publicly by bucket policy, never by ACL', () => {
    const { synth, json } = build();
    expect(synth).toHaveResourceWithProperties(S3BucketPublicAccessBlock, {
      block_public_acls: true,
      ignore_public_acls: true,
    });
    const policy = parsePolicy(onlyResource(json, 'aws_s3_bucket_policy'));
    expect(policy.Statement).toEqual([expect.objectContaining({ Action: ['s3:GetObject'] })]);
    const page = onlyResource(json, 'aws_s3_object');
    expect(page).toMatchObject({ key: 'index.html', content: props.standbyPageHtml });
  });

  it('works at the zone apex', () => {
    const { synth } = build({ domain: failoverDomain('example.com', '@') });
    expect(synth).toHaveResourceWithProperties(S3Bucket, { bucket: 'example.com' });
    expect(synth).toHaveResourceWithProperties(Route53Record, {
      name: 'example.com',
      failover_routing_policy: { type: 'SECONDARY' },
    });
  });

  it('rejects a bucket named differently from the record', () => {
    const domain = { ...failoverDomain('example.com', 'orders'), bucketName: 'standby.example.com' };
    expect(() => build({ domain })).toThrow(/named like the record/);
  });
});
