import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { ORDERS_TABLE_SCHEMA, resourceNames } from '@app/aws-resources';
import { onlyResource, synthJson, TEST_KMS_KEY_ARN } from '../testing/fixtures';
import { OrdersTableConstruct } from './orders-table.construct';

describe(OrdersTableConstruct.name, () => {
  const names = resourceNames('prod');
  const build = (protectData: boolean) =>
    synthJson((scope) => {
      new OrdersTableConstruct(scope, 'sut', {
        names,
        schema: ORDERS_TABLE_SCHEMA,
        kmsKeyArn: TEST_KMS_KEY_ARN,
        protectData,
      });
    });

  it('is on-demand, keyed (customerId, orderId) like the shared schema, with PITR and KMS encryption', () => {
    const { synth } = build(true);
    expect(synth).toHaveResourceWithProperties(DynamodbTable, {
      name: 'orders-prod-customer-orders',
      billing_mode: 'PAY_PER_REQUEST',
      hash_key: 'customerId',
      range_key: 'orderId',
      attribute: [
        { name: 'customerId', type: 'S' },
        { name: 'orderId', type: 'S' },
      ],
      point_in_time_recovery: { enabled: true },
      server_side_encryption: { enabled: true, kms_key_arn: TEST_KMS_KEY_ARN },
    });
  });

  it('expires never-accepted orders through DynamoDB TTL on the shared attribute', () => {
    expect(build(true).synth).toHaveResourceWithProperties(DynamodbTable, {
      ttl: { attribute_name: ORDERS_TABLE_SCHEMA.ttlAttribute, enabled: true },
    });
  });

  it('has deletion protection and prevent_destroy when data is protected', () => {
    const table = onlyResource(build(true).json, 'aws_dynamodb_table');
    expect(table.deletion_protection_enabled).toBe(true);
    expect(table.lifecycle).toEqual({ prevent_destroy: true });
  });

  it('refuses a schema without a sort key: orderIds are unique per customer only', () => {
    const { sortKey: _, ...unsorted } = ORDERS_TABLE_SCHEMA;
    expect(() =>
      synthJson((scope) => {
        new OrdersTableConstruct(scope, 'sut', {
          names,
          schema: unsorted as typeof ORDERS_TABLE_SCHEMA,
          kmsKeyArn: TEST_KMS_KEY_ARN,
          protectData: true,
        });
      }),
    ).toThrow(/needs a sort key/);
  });

  it('can be destroyed when protection is off', () => {
    const table = onlyResource(build(false).json, 'aws_dynamodb_table');
    expect(table.deletion_protection_enabled).toBe(false);
    expect(table.lifecycle).toEqual({ prevent_destroy: false });
  });
});
