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

export interface FailoverProps {
  /** Environment prefix, e.g. `orders-dev`; names the health check and the record set identifiers. */
  readonly prefix: string;
  /** Record and bucket name, from `failoverDomain(hostedZone, recordName)`. */
  readonly domain: FailoverDomain;
  /** The ALB the primary record aliases: its DNS name and hosted zone. */
  readonly loadBalancer: { readonly dnsName: string; readonly zoneId: string };
  /** How Route 53 reaches the ALB: its listener protocol and port, and the readiness path. */
  readonly healthCheck: { readonly protocol: 'HTTP' | 'HTTPS'; readonly port: number; readonly path: string };
  /** HTML of the standby page. */
  readonly standbyPageHtml: string;
}

/**
 * DNS failover from the ALB to a static standby page. A Route 53 health check
 * polls the ALB's readiness path; while it passes, the PRIMARY alias record
 * answers with the ALB, otherwise the SECONDARY alias answers with an S3
 * website bucket serving "we are down for maintenance, your order was not
 * lost". The bucket is named exactly like the record, which S3 website aliases
 * require; both come from `failoverDomain()`.
 */
export class FailoverConstruct extends Construct {
  public readonly healthCheck: Route53HealthCheck;
  public readonly primaryRecord: Route53Record;
  public readonly secondaryRecord: Route53Record;
  public readonly standbyBucket: S3Bucket;
  public readonly standbyWebsite: S3BucketWebsiteConfiguration;

  constructor(scope: Construct, id: string, props: FailoverProps) {
    super(scope, id);
    assertFailoverProps(props);
    this.healthCheck = this.createHealthCheck(props);
    this.standbyBucket = this.createStandbyBucket(props.domain.bucketName);
    this.standbyWebsite = this.publishStandbyPage(props.standbyPageHtml);
    const records = this.createFailoverRecords(props);
    this.primaryRecord = records.primary;
    this.secondaryRecord = records.secondary;
  }

  /** Route 53 polls the ALB's readiness path; three failures in a row switch DNS over. */
  private createHealthCheck({ prefix, loadBalancer, healthCheck }: FailoverProps): Route53HealthCheck {
    return new Route53HealthCheck(this, 'alb-health', {
      type: healthCheck.protocol,
      fqdn: loadBalancer.dnsName,
      port: healthCheck.port,
      resourcePath: healthCheck.path,
      requestInterval: 30,
      failureThreshold: 3,
      tags: { Name: `${prefix}-alb-health` },
    });
  }

  /** The bucket named like the record: owner-enforced, SSE-S3, versioned, old versions expire. */
  private createStandbyBucket(bucketName: string): S3Bucket {
    const standbyBucket = new S3Bucket(this, 'standby', {
      bucket: bucketName,
      // Holds only the generated page: let `destroy` empty it.
      forceDestroy: true,
    });
    const bucket = standbyBucket.id;
    new S3BucketOwnershipControls(this, 'standby-ownership', {
      bucket,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
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
    return standbyBucket;
  }

  /** The page itself, served anonymously by the bucket's website endpoint. */
  private publishStandbyPage(standbyPageHtml: string): S3BucketWebsiteConfiguration {
    const bucket = this.standbyBucket.id;
    // The website endpoint serves anonymous readers, so only a bucket policy may be public, never ACLs.
    const publicAccess = new S3BucketPublicAccessBlock(this, 'standby-public-access', {
      bucket,
      blockPublicAcls: true,
      ignorePublicAcls: true,
      blockPublicPolicy: false,
      restrictPublicBuckets: false,
    });
    const website = new S3BucketWebsiteConfiguration(this, 'standby-website', {
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
      content: standbyPageHtml,
      contentType: 'text/html; charset=utf-8',
      cacheControl: 'no-cache',
    });
    return website;
  }

  /** The PRIMARY alias (the ALB, while healthy) and the SECONDARY alias (the standby website). */
  private createFailoverRecords({ prefix, domain, loadBalancer }: FailoverProps): {
    primary: Route53Record;
    secondary: Route53Record;
  } {
    const zone = new DataAwsRoute53Zone(this, 'zone', { name: domain.zoneName, privateZone: false });
    const record = { zoneId: zone.zoneId, name: domain.recordName, type: 'A' };
    const primary = new Route53Record(this, 'primary', {
      ...record,
      setIdentifier: `${prefix}-primary-alb`,
      failoverRoutingPolicy: { type: 'PRIMARY' },
      healthCheckId: this.healthCheck.id,
      alias: { name: loadBalancer.dnsName, zoneId: loadBalancer.zoneId, evaluateTargetHealth: true },
    });
    const secondary = new Route53Record(this, 'secondary', {
      ...record,
      setIdentifier: `${prefix}-secondary-standby`,
      failoverRoutingPolicy: { type: 'SECONDARY' },
      alias: {
        name: this.standbyWebsite.websiteDomain,
        zoneId: this.standbyBucket.hostedZoneId,
        evaluateTargetHealth: false,
      },
    });
    return { primary, secondary };
  }
}

function assertFailoverProps({ domain, healthCheck, standbyPageHtml }: FailoverProps): void {
  if (domain.bucketName !== domain.recordName) {
    throw new Error(
      'FailoverConstruct: the standby bucket must be named like the record for the S3 alias to work',
    );
  }
  if (!healthCheck.path.startsWith('/'))
    throw new Error('FailoverConstruct: health check path must start with /');
  if (!standbyPageHtml.includes('<html')) throw new Error('FailoverConstruct: the standby page must be HTML');
}
