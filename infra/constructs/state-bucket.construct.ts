import { Construct } from 'constructs';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { AwsContext } from '../lib/aws-context';
import { accountAdministersKey, policyDocument } from '../lib/iam-policy';

export interface StateBucketProps {
  /** Globally unique bucket name, e.g. `orders-terraform-state-<account>-<region>`. */
  readonly bucketName: string;
  readonly aws: AwsContext;
  /** Days an overwritten or deleted state version is kept before it expires (1-3650). */
  readonly noncurrentVersionDays: number;
}

/**
 * The S3 bucket that holds every environment's Terraform state (one object per environment, and
 * its `.tflock` while an apply runs): versioned, so a corrupted or deleted state can be restored;
 * encrypted with its own customer-managed key (state holds resource attributes, some sensitive),
 * which the deploy roles are granted by IAM; all four public-access blocks; a policy refusing
 * any request not over TLS; old versions expire. Bucket and key are prevent_destroy: losing
 * them loses the only record of what every environment created.
 */
export class StateBucketConstruct extends Construct {
  public readonly bucket: S3Bucket;
  public readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: StateBucketProps) {
    super(scope, id);
    const { bucketName, aws, noncurrentVersionDays } = props;
    if (
      !Number.isInteger(noncurrentVersionDays) ||
      noncurrentVersionDays < 1 ||
      noncurrentVersionDays > 3650
    ) {
      throw new Error(
        `StateBucketConstruct: noncurrentVersionDays must be 1-3650, got ${noncurrentVersionDays}`,
      );
    }

    this.key = new KmsKey(this, 'key', {
      description: 'Terraform state of every orders environment',
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: policyDocument([accountAdministersKey(aws)]),
      lifecycle: { preventDestroy: true },
    });
    new KmsAlias(this, 'alias', { name: 'alias/orders-terraform-state', targetKeyId: this.key.keyId });

    this.bucket = new S3Bucket(this, 'bucket', {
      bucket: bucketName,
      lifecycle: { preventDestroy: true },
    });
    const bucket = this.bucket.id;
    new S3BucketPublicAccessBlock(this, 'public-access', {
      bucket,
      blockPublicAcls: true,
      ignorePublicAcls: true,
      blockPublicPolicy: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, 'ownership', {
      bucket,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      bucket,
      rule: [
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: this.key.arn },
          // One data-key request per bucket, not per object: fewer KMS calls, same key.
          bucketKeyEnabled: true,
        },
      ],
    });
    const versioning = new S3BucketVersioningA(this, 'versioning', {
      bucket,
      versioningConfiguration: { status: 'Enabled' },
    });
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      bucket,
      rule: [
        {
          id: 'expire-old-state-versions',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          noncurrentVersionExpiration: [{ noncurrentDays: noncurrentVersionDays }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
      dependsOn: [versioning],
    });
    new S3BucketPolicy(this, 'policy', {
      bucket,
      policy: policyDocument([
        {
          sid: 'DenyInsecureTransport',
          effect: 'Deny',
          principals: { AWS: '*' },
          actions: ['s3:*'],
          resources: [this.bucket.arn, `${this.bucket.arn}/*`],
          conditions: { Bool: { 'aws:SecureTransport': 'false' } },
        },
      ]),
    });
  }
}
