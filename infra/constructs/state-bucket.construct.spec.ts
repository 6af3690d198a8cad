import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { onlyResource, parsePolicy, synthJson, TEST_AWS } from '../testing/fixtures';
import { StateBucketConstruct, StateBucketProps } from './state-bucket.construct';

describe(StateBucketConstruct.name, () => {
  const props: StateBucketProps = {
    bucketName: 'orders-terraform-state-123456789012-eu-west-1',
    aws: TEST_AWS,
    noncurrentVersionDays: 90,
  };
  const build = (overrides: Partial<StateBucketProps> = {}) =>
    synthJson((scope) => {
      new StateBucketConstruct(scope, 'sut', { ...props, ...overrides });
    });
  const { synth, json } = build();

  it('is versioned and blocks every kind of public access', () => {
    expect(synth).toHaveResourceWithProperties(S3BucketVersioningA, {
      versioning_configuration: { status: 'Enabled' },
    });
    expect(synth).toHaveResourceWithProperties(S3BucketPublicAccessBlock, {
      block_public_acls: true,
      ignore_public_acls: true,
      block_public_policy: true,
      restrict_public_buckets: true,
    });
  });

  it('encrypts with its own rotating customer-managed key', () => {
    expect(synth).toHaveResourceWithProperties(KmsKey, { enable_key_rotation: true });
    const encryption = onlyResource(json, 'aws_s3_bucket_server_side_encryption_configuration');
    expect(encryption.rule).toEqual([
      {
        apply_server_side_encryption_by_default: {
          sse_algorithm: 'aws:kms',
          kms_master_key_id: expect.stringMatching(/^\$\{aws_kms_key\.sut_key_\w+\.arn}$/),
        },
        bucket_key_enabled: true,
      },
    ]);
  });

  it('refuses every request not made over TLS', () => {
    const [statement] = parsePolicy(onlyResource(json, 'aws_s3_bucket_policy')).Statement;
    expect(statement).toMatchObject({
      Effect: 'Deny',
      Action: ['s3:*'],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
  });

  it('expires old state versions after the configured days', () => {
    const lifecycle = onlyResource(
      build({ noncurrentVersionDays: 30 }).json,
      'aws_s3_bucket_lifecycle_configuration',
    );
    expect(lifecycle.rule).toEqual([
      expect.objectContaining({
        status: 'Enabled',
        noncurrent_version_expiration: [{ noncurrent_days: 30 }],
      }),
    ]);
  });

  it('keeps the bucket and its key from being destroyed', () => {
    expect(synth).toHaveResourceWithProperties(S3Bucket, {
      bucket: props.bucketName,
      lifecycle: { prevent_destroy: true },
    });
    expect(synth).toHaveResourceWithProperties(KmsKey, { lifecycle: { prevent_destroy: true } });
  });

  it('rejects a retention outside 1-3650 days', () => {
    expect(() => build({ noncurrentVersionDays: 0 })).toThrow(/noncurrentVersionDays/);
  });
});
