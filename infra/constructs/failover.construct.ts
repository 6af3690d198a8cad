import { Construct } from 'constructs';
import { Token } from 'cdktf';
import { CloudfrontDistribution } from '@cdktf/provider-aws/lib/cloudfront-distribution';
import { CloudfrontFunction } from '@cdktf/provider-aws/lib/cloudfront-function';
import { CloudfrontOriginAccessControl } from '@cdktf/provider-aws/lib/cloudfront-origin-access-control';
import { DataAwsCloudfrontCachePolicy } from '@cdktf/provider-aws/lib/data-aws-cloudfront-cache-policy';
import { DataAwsCloudfrontResponseHeadersPolicy } from '@cdktf/provider-aws/lib/data-aws-cloudfront-response-headers-policy';
import { Route53HealthCheck } from '@cdktf/provider-aws/lib/route53-health-check';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { S3Object } from '@cdktf/provider-aws/lib/s3-object';
import { FailoverDomain } from '../lib/failover-domain';
import { policyDocument } from '../lib/iam-policy';

export interface FailoverProps {
  /** Environment prefix, e.g. `orders-dev`; names the health check, bucket, function and record set identifiers. */
  readonly prefix: string;
  /** The record, from `failoverDomain(hostedZone, recordName)`. */
  readonly domain: FailoverDomain;
  /** Id of the public hosted zone `domain.zoneName`. */
  readonly zoneId: string;
  /** The ALB the primary record aliases: its DNS name and hosted zone. */
  readonly loadBalancer: { readonly dnsName: string; readonly zoneId: string };
  /**
   * The path Route 53 probes through the load balancer's HTTPS listener (port 443): the receiver's
   * liveness, so that DNS moves only when the primary cannot take orders at all.
   */
  readonly healthCheckPath: string;
  /**
   * A validated ACM certificate in us-east-1 (the only region CloudFront takes them from) that
   * covers `domain.recordName`: the standby answers on the record's name during failover.
   */
  readonly cloudFrontCertificateArn: string;
  /** HTML of the standby page. */
  readonly standbyPageHtml: string;
  /** Code of the CloudFront Function in front of the page (infra/standby/standby-edge.js). */
  readonly standbyEdgeCode: string;
}

/** The hosted zone of every CloudFront distribution, which alias records to it name. */
export const CLOUDFRONT_HOSTED_ZONE_ID = 'Z2FDTNDATAQYW2';

/**
 * DNS failover from the load balancer to a standby served over HTTPS. A Route 53 health check
 * probes the receiver's liveness through the load balancer; while it passes (and the ALB has a
 * healthy target), the PRIMARY alias answers with the ALB, otherwise the SECONDARY alias answers
 * with a CloudFront distribution on the same name and certificate, so a client that insists on
 * HTTPS (the receiver sends HSTS) reaches it. Its origin is a private S3 bucket (Block Public
 * Access fully on) that only this distribution may read, through Origin Access Control. A
 * CloudFront Function (standby-edge.js) answers there: browsers get the standby page as a 503,
 * API paths and every non-read method a JSON 503 with Retry-After in the receiver's error shape.
 */
export class FailoverConstruct extends Construct {
  public readonly healthCheck: Route53HealthCheck;
  public readonly primaryRecord: Route53Record;
  public readonly secondaryRecord: Route53Record;
  public readonly standbyBucket: S3Bucket;
  public readonly originAccessControl: CloudfrontOriginAccessControl;
  public readonly edgeFunction: CloudfrontFunction;
  public readonly distribution: CloudfrontDistribution;

  constructor(scope: Construct, id: string, props: FailoverProps) {
    super(scope, id);
    assertFailoverProps(props);
    this.healthCheck = this.createHealthCheck(props);
    this.standbyBucket = this.createStandbyBucket(props);
    this.originAccessControl = new CloudfrontOriginAccessControl(this, 'standby-oac', {
      name: `${props.prefix}-standby`,
      description: `${props.prefix}: CloudFront reads the standby bucket`,
      originAccessControlOriginType: 's3',
      signingBehavior: 'always',
      signingProtocol: 'sigv4',
    });
    this.edgeFunction = new CloudfrontFunction(this, 'standby-edge', {
      name: `${props.prefix}-standby-edge`,
      comment: 'Standby: the page for browsers, a JSON 503 with Retry-After for the API',
      runtime: 'cloudfront-js-2.0',
      code: props.standbyEdgeCode,
      publish: true,
    });
    this.distribution = this.createDistribution(props);
    this.grantDistributionRead();
    const records = this.createFailoverRecords(props);
    this.primaryRecord = records.primary;
    this.secondaryRecord = records.secondary;
  }

  /**
   * Route 53 probes liveness through the ALB over HTTPS; three failures 30 s apart switch DNS over.
   * Route 53 does not validate the certificate, so the ALB's DNS name (which the certificate does
   * not cover) is fine as the host; SNI is sent so the handshake matches what browsers do.
   */
  private createHealthCheck({ prefix, loadBalancer, healthCheckPath }: FailoverProps): Route53HealthCheck {
    return new Route53HealthCheck(this, 'alb-health', {
      type: 'HTTPS',
      fqdn: loadBalancer.dnsName,
      port: 443,
      resourcePath: healthCheckPath,
      enableSni: true,
      requestInterval: 30,
      failureThreshold: 3,
      tags: { Name: `${prefix}-alb-health` },
    });
  }

  /** A private bucket with the page: owner-enforced, SSE-S3, versioned, old versions expire. */
  private createStandbyBucket({ prefix, standbyPageHtml }: FailoverProps): S3Bucket {
    const standbyBucket = new S3Bucket(this, 'standby', {
      // Bucket names are global: a prefix lets S3 add a unique suffix.
      bucketPrefix: `${prefix}-standby-`,
      // Holds only the generated page: let `destroy` empty it.
      forceDestroy: true,
    });
    const bucket = standbyBucket.id;
    new S3BucketPublicAccessBlock(this, 'standby-public-access', {
      bucket,
      blockPublicAcls: true,
      ignorePublicAcls: true,
      blockPublicPolicy: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, 'standby-ownership', {
      bucket,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });
    // SSE-S3: CloudFront reads it through OAC with no key grant.
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
    new S3Object(this, 'standby-page', {
      bucket,
      key: 'index.html',
      content: standbyPageHtml,
      contentType: 'text/html; charset=utf-8',
      cacheControl: 'no-store',
    });
    return standbyBucket;
  }

  /**
   * HTTPS only, on the record's name, every method allowed so that the function answers POST, PUT,
   * DELETE and OPTIONS itself (CloudFront would refuse them with its own 403). Nothing is cached:
   * the page is tiny and must never outlive an outage in a cache. IPv4 only, like the ALB: an AAAA
   * record on the standby alone would send IPv6 clients there while the primary is healthy.
   */
  private createDistribution({
    prefix,
    domain,
    cloudFrontCertificateArn,
  }: FailoverProps): CloudfrontDistribution {
    const originId = 'standby-bucket';
    const noCaching = new DataAwsCloudfrontCachePolicy(this, 'caching-disabled', {
      name: 'Managed-CachingDisabled',
    });
    // HSTS, nosniff, frame options and referrer policy, as the receiver's own answers carry.
    const securityHeaders = new DataAwsCloudfrontResponseHeadersPolicy(this, 'security-headers', {
      name: 'Managed-SecurityHeadersPolicy',
    });
    return new CloudfrontDistribution(this, 'standby-distribution', {
      comment: `${prefix}: standby of ${domain.recordName} during failover`,
      enabled: true,
      aliases: [domain.recordName],
      defaultRootObject: 'index.html',
      httpVersion: 'http2and3',
      isIpv6Enabled: false,
      priceClass: 'PriceClass_100',
      origin: [
        {
          originId,
          domainName: this.standbyBucket.bucketRegionalDomainName,
          originAccessControlId: this.originAccessControl.id,
        },
      ],
      defaultCacheBehavior: {
        targetOriginId: originId,
        viewerProtocolPolicy: 'redirect-to-https',
        allowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'POST', 'PATCH', 'DELETE'],
        cachedMethods: ['GET', 'HEAD'],
        cachePolicyId: noCaching.id,
        responseHeadersPolicyId: securityHeaders.id,
        compress: true,
        functionAssociation: [
          { eventType: 'viewer-request', functionArn: this.edgeFunction.arn },
          { eventType: 'viewer-response', functionArn: this.edgeFunction.arn },
        ],
      },
      restrictions: { geoRestriction: { restrictionType: 'none' } },
      viewerCertificate: {
        acmCertificateArn: cloudFrontCertificateArn,
        sslSupportMethod: 'sni-only',
        minimumProtocolVersion: 'TLSv1.2_2021',
      },
    });
  }

  /** Only this distribution may read the page, and only by signed (OAC) requests. */
  private grantDistributionRead(): void {
    new S3BucketPolicy(this, 'standby-policy', {
      bucket: this.standbyBucket.id,
      policy: policyDocument([
        {
          sid: 'CloudFrontReadsStandbyPage',
          principals: { Service: 'cloudfront.amazonaws.com' },
          actions: ['s3:GetObject'],
          resources: [`${this.standbyBucket.arn}/*`],
          conditions: { StringEquals: { 'AWS:SourceArn': this.distribution.arn } },
        },
      ]),
    });
  }

  /** The PRIMARY alias (the ALB, while healthy) and the SECONDARY alias (the standby distribution). */
  private createFailoverRecords({ prefix, domain, zoneId, loadBalancer }: FailoverProps): {
    primary: Route53Record;
    secondary: Route53Record;
  } {
    const record = { zoneId, name: domain.recordName, type: 'A' };
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
        name: this.distribution.domainName,
        zoneId: CLOUDFRONT_HOSTED_ZONE_ID,
        evaluateTargetHealth: false,
      },
    });
    return { primary, secondary };
  }
}

function assertFailoverProps(props: FailoverProps): void {
  const { healthCheckPath, standbyPageHtml, standbyEdgeCode, cloudFrontCertificateArn } = props;
  if (!healthCheckPath.startsWith('/'))
    throw new Error('FailoverConstruct: health check path must start with /');
  if (!standbyPageHtml.includes('<html')) throw new Error('FailoverConstruct: the standby page must be HTML');
  if (!/^function handler\(event\)/m.test(standbyEdgeCode)) {
    throw new Error('FailoverConstruct: the standby edge code must define function handler(event)');
  }
  if (
    !Token.isUnresolved(cloudFrontCertificateArn) &&
    cloudFrontCertificateArn.split(':')[3] !== 'us-east-1'
  ) {
    throw new Error(
      `FailoverConstruct: CloudFront takes certificates from us-east-1 only, got ${cloudFrontCertificateArn}`,
    );
  }
}
