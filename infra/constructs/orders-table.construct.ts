import { Construct } from 'constructs';
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { ORDERS_TABLE_SCHEMA, ResourceNames } from '@app/aws-resources';

export interface OrdersTableProps {
  readonly names: ResourceNames;
  readonly schema: typeof ORDERS_TABLE_SCHEMA;
  readonly kmsKeyArn: string;
  readonly protectData: boolean;
}

/**
 * The DynamoDB table holding one item per order: on-demand, point-in-time
 * recovery, encrypted with the environment's key. It is the only stateful
 * resource that matters, so deletion protection and prevent_destroy are on
 * unless `protectData` is false (see "Destroy" in infra/README.md).
 */
export class OrdersTableConstruct extends Construct {
  public readonly table: DynamodbTable;

  constructor(scope: Construct, id: string, props: OrdersTableProps) {
    super(scope, id);
    const { names, schema, kmsKeyArn, protectData } = props;
    if (!schema.partitionKey) throw new Error('OrdersTableConstruct: the schema needs a partition key');

    this.table = new DynamodbTable(this, 'table', {
      name: names.table,
      billingMode: schema.billingMode,
      hashKey: schema.partitionKey,
      attribute: [{ name: schema.partitionKey, type: schema.partitionKeyType }],
      pointInTimeRecovery: { enabled: true },
      // Async orders whose publish was never acknowledged expire (see ORDERS_TABLE_SCHEMA).
      ttl: { attributeName: schema.ttlAttribute, enabled: true },
      serverSideEncryption: { enabled: true, kmsKeyArn },
      deletionProtectionEnabled: protectData,
      lifecycle: { preventDestroy: protectData },
    });
  }
}
