import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CloudfrontDistribution } from '@cdktf/provider-aws/lib/cloudfront-distribution';
import { CloudfrontFunction } from '@cdktf/provider-aws/lib/cloudfront-function';
import { CloudfrontOriginAccessControl } from '@cdktf/provider-aws/lib/cloudfront-origin-access-control';
import { Route53HealthCheck } from '@cdktf/provider-aws/lib/route53-health-check';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { failoverDomain } from '../lib/failover-domain';
import { onlyResource, parsePolicy, resourcesOf, synthJson } from '../testing/fixtures';
import { CLOUDFRONT_HOSTED_ZONE_ID, FailoverConstruct, FailoverProps } from './failover.construct';

describe(FailoverConstruct.name, () => {
  const props: FailoverProps = {
    prefix: 'orders-prod',
    domain: failoverDomain('example.com', 'orders'),
    zoneId: 'Z0123456789ABC',
    loadBalancer: { dnsName: 'orders-prod-alb-1.eu-west-1.elb.amazonaws.com', zoneId: 'Z32O12XQLNTSW2' },
    healthCheckPath: '/health/live',
    cloudFrontCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/cloudfront',
    standbyPageHtml: '<html><body>We are down for maintenance</body></html>',
    standbyEdgeCode: readFileSync(join(__dirname, '..', 'standby', 'standby-edge.js'), 'utf8'),
  };
  const build = (overrides: Partial<FailoverProps> = {}) =>
    synthJson((scope) => {
      new FailoverConstruct(scope, 'sut', { ...props, ...overrides });
    });

  it('health-checks liveness through the ALB over HTTPS on 443, sending SNI', () => {
    expect(build().synth).toHaveResourceWithProperties(Route53HealthCheck, {
      type: 'HTTPS',
      fqdn: props.loadBalancer.dnsName,
      port: 443,
      resource_path: '/health/live',
      enable_sni: true,
      request_interval: 30,
      failure_threshold: 3,
    });
  });

  it('answers with the ALB as PRIMARY, guarded by the health check', () => {
    expect(build().synth).toHaveResourceWithProperties(Route53Record, {
      zone_id: 'Z0123456789ABC',
      name: 'orders.example.com',
      type: 'A',
      failover_routing_policy: { type: 'PRIMARY' },
      health_check_id: expect.stringContaining('aws_route53_health_check.'),
      alias: { name: props.loadBalancer.dnsName, zone_id: 'Z32O12XQLNTSW2', evaluate_target_health: true },
    });
  });

  it('falls back to the CloudFront distribution as SECONDARY, never to an S3 website endpoint', () => {
    const { synth, json } = build();
    expect(synth).toHaveResourceWithProperties(Route53Record, {
      name: 'orders.example.com',
      type: 'A',
      failover_routing_policy: { type: 'SECONDARY' },
      alias: {
        name: expect.stringMatching(/^\$\{aws_cloudfront_distribution\.\S+\.domain_name}$/),
        zone_id: CLOUDFRONT_HOSTED_ZONE_ID,
        evaluate_target_health: false,
      },
    });
    expect(CLOUDFRONT_HOSTED_ZONE_ID).toBe('Z2FDTNDATAQYW2');
    expect(resourcesOf(json, 'aws_s3_bucket_website_configuration')).toHaveLength(0);
    expect(JSON.stringify(json)).not.toMatch(/website_(domain|endpoint)|s3-website/);
  });

  it('serves the standby on the record name over HTTPS only, with a us-east-1 certificate and TLS 1.2 (2021)', () => {
    const { synth, json } = build();
    expect(synth).toHaveResourceWithProperties(CloudfrontDistribution, {
      enabled: true,
      aliases: ['orders.example.com'],
      default_root_object: 'index.html',
      price_class: 'PriceClass_100',
      viewer_certificate: {
        acm_certificate_arn: props.cloudFrontCertificateArn,
        ssl_support_method: 'sni-only',
        minimum_protocol_version: 'TLSv1.2_2021',
      },
      default_cache_behavior: expect.objectContaining({
        viewer_protocol_policy: 'redirect-to-https',
        cache_policy_id: expect.stringMatching(/data\.aws_cloudfront_cache_policy\.\S+\.id/),
        response_headers_policy_id: expect.stringMatching(
          /data\.aws_cloudfront_response_headers_policy\.\S+\.id/,
        ),
      }),
    });
    expect(Object.values(json.data?.aws_cloudfront_cache_policy ?? {})).toEqual([
      { name: 'Managed-CachingDisabled' },
    ]);
    expect(Object.values(json.data?.aws_cloudfront_response_headers_policy ?? {})).toEqual([
      { name: 'Managed-SecurityHeadersPolicy' },
    ]);
  });

  it('lets every method through to the edge function, on viewer request and viewer response', () => {
    const { synth, json } = build();
    expect(synth).toHaveResourceWithProperties(CloudfrontFunction, {
      name: 'orders-prod-standby-edge',
      runtime: 'cloudfront-js-2.0',
      code: props.standbyEdgeCode,
      publish: true,
    });
    const behavior = onlyResource(json, 'aws_cloudfront_distribution').default_cache_behavior as {
      allowed_methods: string[];
      function_association: { event_type: string; function_arn: string }[];
    };
    expect([...behavior.allowed_methods].sort()).toEqual(
      ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'].sort(),
    );
    expect(behavior.function_association).toEqual([
      {
        event_type: 'viewer-request',
        function_arn: expect.stringMatching(/aws_cloudfront_function\.\S+\.arn/),
      },
      {
        event_type: 'viewer-response',
        function_arn: expect.stringMatching(/aws_cloudfront_function\.\S+\.arn/),
      },
    ]);
  });

  it('keeps the bucket private: Block Public Access fully on, no website, read by this distribution only', () => {
    const { synth, json } = build();
    expect(synth).toHaveResourceWithProperties(S3BucketPublicAccessBlock, {
      block_public_acls: true,
      ignore_public_acls: true,
      block_public_policy: true,
      restrict_public_buckets: true,
    });
    expect(synth).toHaveResourceWithProperties(CloudfrontOriginAccessControl, {
      origin_access_control_origin_type: 's3',
      signing_behavior: 'always',
      signing_protocol: 'sigv4',
    });
    const distribution = onlyResource(json, 'aws_cloudfront_distribution');
    expect(distribution.origin).toEqual([
      expect.objectContaining({
        domain_name: expect.stringMatching(/aws_s3_bucket\.\S+\.bucket_regional_domain_name/),
        origin_access_control_id: expect.stringMatching(/aws_cloudfront_origin_access_control\.\S+\.id/),
      }),
    ]);
    const policy = parsePolicy(onlyResource(json, 'aws_s3_bucket_policy'));
    expect(policy.Statement).toEqual([
      {
        Sid: 'CloudFrontReadsStandbyPage',
        Effect: 'Allow',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Action: ['s3:GetObject'],
        Resource: expect.stringMatching(/aws_s3_bucket\.\S+\.arn}\/\*$/),
        Condition: {
          StringEquals: { 'AWS:SourceArn': expect.stringMatching(/aws_cloudfront_distribution\.\S+\.arn/) },
        },
      },
    ]);
    expect(JSON.stringify(policy)).not.toMatch(/"\*"/);
    const page = onlyResource(json, 'aws_s3_object');
    expect(page).toMatchObject({ key: 'index.html', content: props.standbyPageHtml });
  });

  it('names the bucket by prefix, so that no global bucket name needs to be free', () => {
    expect(onlyResource(build().json, 'aws_s3_bucket')).toMatchObject({
      bucket_prefix: 'orders-prod-standby-',
    });
  });

  it('works at the zone apex', () => {
    const { synth } = build({ domain: failoverDomain('example.com', '@') });
    expect(synth).toHaveResourceWithProperties(CloudfrontDistribution, { aliases: ['example.com'] });
    expect(synth).toHaveResourceWithProperties(Route53Record, {
      name: 'example.com',
      failover_routing_policy: { type: 'SECONDARY' },
    });
  });

  it('refuses a certificate from another region than us-east-1, and edge code without a handler', () => {
    expect(() =>
      build({ cloudFrontCertificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/alb' }),
    ).toThrow(/us-east-1 only/);
    expect(() => build({ standbyEdgeCode: 'module.exports = {}' })).toThrow(/function handler/);
  });
});
