import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { resourceNames } from '@app/aws-resources';
import { onlyResource, synthJson, TEST_KMS_KEY_ARN } from '../testing/fixtures';
import { LEGACY_ORDERS_TABLE_ID, LegacyOrdersTableConstruct } from './legacy-orders-table.construct';

describe(LegacyOrdersTableConstruct.name, () => {
  const names = resourceNames('prod');
  const build = (protectData: boolean) =>
    synthJson((scope) => {
      new LegacyOrdersTableConstruct(scope, LEGACY_ORDERS_TABLE_ID, {
        names,
        kmsKeyArn: TEST_KMS_KEY_ARN,
        protectData,
      });
    });

  it('declares the old table as it was created: its name, keyed by orderId alone, PITR, TTL, KMS', () => {
    expect(build(true).synth).toHaveResourceWithProperties(DynamodbTable, {
      name: 'orders-prod-table',
      billing_mode: 'PAY_PER_REQUEST',
      hash_key: 'orderId',
      attribute: [{ name: 'orderId', type: 'S' }],
      point_in_time_recovery: { enabled: true },
      ttl: { attribute_name: 'expiresAt', enabled: true },
      server_side_encryption: { enabled: true, kms_key_arn: TEST_KMS_KEY_ARN },
    });
    expect(onlyResource(build(true).json, 'aws_dynamodb_table')).not.toHaveProperty('range_key');
  });

  it('keeps deletion protection and prevent_destroy on protected data, so a deploy cannot destroy it', () => {
    const table = onlyResource(build(true).json, 'aws_dynamodb_table');
    expect(table.deletion_protection_enabled).toBe(true);
    expect(table.lifecycle).toEqual({ prevent_destroy: true });
  });

  it('keeps the Terraform address the table had (data/table), so Terraform plans no replacement', () => {
    const { json } = build(true);
    expect(Object.keys(json.resource?.aws_dynamodb_table ?? {})).toEqual([
      expect.stringMatching(/^data_table_[0-9A-F]+$/),
    ]);
  });
});
