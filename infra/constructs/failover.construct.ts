import { Construct } from 'constructs';
import { DataAwsRoute53Zone } from '@cdktf/provider-aws/lib/data-aws-route53-zone';
import { Route53HealthCheck } from '@cdktf/provider-aws/lib/route53-health-check';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { S3BucketWebsiteConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-website-configuration';
import { S3Object } from '@cdktf/provider-aws/lib/s3-object';
import { FailoverDomain } from '../lib/failover-domain';
import { policyDocument } from '../lib/iam-policy';

/**
 * DNS failover from the ALB to a static standby page. A Route 53 health check
 * polls the ALB's readiness path; while it passes, the PRIMARY alias record
 * answers with the ALB, otherwise the SECONDARY alias answers with an S3
 * website bucket serving "we are down for maintenance, your order was not
 * lost". The bucket is named exactly like the record, which S3 website aliases
 * require; both come from `failoverDomain()`.
 */
export interface FailoverProps {
  readonly prefix: string;
  /** Record and bucket name, from `failoverDomain(hostedZone, recordName)`. */
  readonly domain: FailoverDomain;
  readonly loadBalancer: { readonly dnsName: string; readonly zoneId: string };
  /** How Route 53 reaches the ALB: its listener protocol and port, and the readiness path. */
  readonly healthCheck: { readonly protocol: 'HTTP' | 'HTTPS'; readonly port: number; readonly path: string };
  /** HTML of the standby page. */
  readonly standbyPageHtml: string;
}

export class FailoverConstruct extends Construct {
  public readonly healthCheck: Route53HealthCheck;
  public readonly primaryRecord: Route53Record;
  public readonly secondaryRecord: Route53Record;
  public readonly standbyBucket: S3Bucket;
  public readonly standbyWebsite: S3BucketWebsiteConfiguration;

  constructor(scope: Construct, id: string, props: FailoverProps) {
    super(scope, id);
    const { prefix, domain, loadBalancer } = props;
    if (domain.bucketName !== domain.recordName) {
      throw new Error(
        'FailoverConstruct: the standby bucket must be named like the record for the S3 alias to work',
      );
    }
    if (!props.healthCheck.path.startsWith('/'))
      throw new Error('FailoverConstruct: health check path must start with /');
    if (!props.standbyPageHtml.includes('<html'))
      throw new Error('FailoverConstruct: the standby page must be HTML');

    const zone = new DataAwsRoute53Zone(this, 'zone', { name: domain.zoneName, privateZone: false });

    this.healthCheck = new Route53HealthCheck(this, 'alb-health', {
      type: props.healthCheck.protocol,
      fqdn: loadBalancer.dnsName,
      port: props.healthCheck.port,
      resourcePath: props.healthCheck.path,
      requestInterval: 30,
      failureThreshold: 3,
      tags: { Name: `${prefix}-alb-health` },
    });

    this.standbyBucket = new S3Bucket(this, 'standby', {
      bucket: domain.bucketName,
      // Holds only the generated page: let `destroy` empty it.
      forceDestroy: true,
    });
    const bucket = this.standbyBucket.id;
    new S3BucketOwnershipControls(this, 'standby-ownership', {
      bucket,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });
    // The website endpoint serves anonymous readers, so only a bucket policy may be public, never ACLs.
    const publicAccess = new S3BucketPublicAccessBlock(this, 'standby-public-access', {
      bucket,
      blockPublicAcls: true,
      ignorePublicAcls: true,
      blockPublicPolicy: false,
      restrictPublicBuckets: false,
    });
    // SSE-S3, not KMS: anonymous website readers cannot use a KMS key.
    new S3BucketServerSideEncryptionConfigurationA(this, 'standby-encryption', {
      bucket,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
    });
    const versioning = new S3BucketVersioningA(this, 'standby-versioning', {
      bucket,
      versioningConfiguration: { status: 'Enabled' },
    });
    new S3BucketLifecycleConfiguration(this, 'standby-lifecycle', {
      bucket,
      rule: [
        {
          id: 'expire-old-versions',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          noncurrentVersionExpiration: [{ noncurrentDays: 30 }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
      dependsOn: [versioning],
    });
    this.standbyWebsite = new S3BucketWebsiteConfiguration(this, 'standby-website', {
      bucket,
      indexDocument: { suffix: 'index.html' },
      // Every path shows the standby page (with status 404 for anything but /).
      errorDocument: { key: 'index.html' },
    });
    new S3BucketPolicy(this, 'standby-policy', {
      bucket,
      policy: policyDocument([
        {
          sid: 'PublicReadStandbyPage',
          principals: { AWS: '*' },
          actions: ['s3:GetObject'],
          resources: [`${this.standbyBucket.arn}/*`],
        },
      ]),
      dependsOn: [publicAccess],
    });
    new S3Object(this, 'standby-page', {
      bucket,
      key: 'index.html',
      content: props.standbyPageHtml,
      contentType: 'text/html; charset=utf-8',
      cacheControl: 'no-cache',
    });

    const record = { zoneId: zone.zoneId, name: domain.recordName, type: 'A' };
    this.primaryRecord = new Route53Record(this, 'primary', {
      ...record,
      setIdentifier: `${prefix}-primary-alb`,
      failoverRoutingPolicy: { type: 'PRIMARY' },
      healthCheckId: this.healthCheck.id,
      alias: { name: loadBalancer.dnsName, zoneId: loadBalancer.zoneId, evaluateTargetHealth: true },
    });
    this.secondaryRecord = new Route53Record(this, 'secondary', {
      ...record,
      setIdentifier: `${prefix}-secondary-standby`,
      failoverRoutingPolicy: { type: 'SECONDARY' },
      alias: {
        name: this.standbyWebsite.websiteDomain,
        zoneId: this.standbyBucket.hostedZoneId,
        evaluateTargetHealth: false,
      },
    });
  }
}
