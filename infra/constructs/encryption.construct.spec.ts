import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { resourceNames } from '@app/aws-resources';
import { onlyResource, parsePolicy, synthJson, TEST_AWS } from '../testing/fixtures';
import { EncryptionConstruct } from './encryption.construct';

describe(EncryptionConstruct.name, () => {
  const names = resourceNames('dev');

  it('creates a rotating key that SNS, CloudWatch alarms and CloudWatch Logs may use', () => {
    const { synth, json } = synthJson((scope) => {
      new EncryptionConstruct(scope, 'sut', {
        names,
        aws: TEST_AWS,
        deletionWindowInDays: 7,
        preventDestroy: false,
      });
    });
    expect(synth).toHaveResourceWithProperties(KmsKey, {
      enable_key_rotation: true,
      deletion_window_in_days: 7,
    });
    const policy = parsePolicy(onlyResource(json, 'aws_kms_key'));
    const principals = policy.Statement.map((statement) => statement.Principal);
    expect(principals).toEqual(
      expect.arrayContaining([
        { AWS: 'arn:aws:iam::123456789012:root' },
        { Service: 'sns.amazonaws.com' },
        { Service: 'cloudwatch.amazonaws.com' },
        { Service: 'logs.eu-west-1.amazonaws.com' },
      ]),
    );
    expect(json.resource?.aws_kms_alias).toBeDefined();
  });

  it('protects the key when asked', () => {
    const { json } = synthJson((scope) => {
      new EncryptionConstruct(scope, 'sut', {
        names,
        aws: TEST_AWS,
        deletionWindowInDays: 30,
        preventDestroy: true,
      });
    });
    expect(onlyResource(json, 'aws_kms_key').lifecycle).toEqual({ prevent_destroy: true });
  });

  it('rejects a deletion window KMS does not allow', () => {
    expect(() =>
      synthJson((scope) => {
        new EncryptionConstruct(scope, 'sut', {
          names,
          aws: TEST_AWS,
          deletionWindowInDays: 3,
          preventDestroy: false,
        });
      }),
    ).toThrow(/deletionWindowInDays/);
  });
});
