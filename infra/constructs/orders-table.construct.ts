import { Construct } from 'constructs';
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { ORDERS_TABLE_SCHEMA, ResourceNames, TableKeySchema } from '@app/aws-resources';

export interface OrdersTableProps {
  readonly names: ResourceNames;
  readonly schema: typeof ORDERS_TABLE_SCHEMA;
  readonly kmsKeyArn: string;
  readonly protectData: boolean;
}

/** What any orders table is declared with: its name and key schema, and how its data is kept. */
export interface OrdersTableDeclaration {
  readonly name: string;
  readonly schema: TableKeySchema;
  readonly kmsKeyArn: string;
  readonly protectData: boolean;
}

/**
 * The DynamoDB table holding one item per order, keyed by (customerId, orderId): on-demand,
 * point-in-time recovery, encrypted with the environment's key. It is the only stateful
 * resource that matters, so deletion protection and prevent_destroy are on unless
 * `protectData` is false (see "Destroy" in infra/README.md).
 */
export class OrdersTableConstruct extends Construct {
  public readonly table: DynamodbTable;

  constructor(scope: Construct, id: string, props: OrdersTableProps) {
    super(scope, id);
    const { names, schema, kmsKeyArn, protectData } = props;
    if (!schema.sortKey) throw new Error('OrdersTableConstruct: the schema needs a sort key (orderId)');
    this.table = declareOrdersTable(this, { name: names.table, schema, kmsKeyArn, protectData });
  }
}

/**
 * The one declaration of an orders table, which the current table and the legacy one
 * (LegacyOrdersTableConstruct) share, so that the legacy table keeps the settings it was
 * created with and Terraform plans no change to it.
 */
export function declareOrdersTable(scope: Construct, props: OrdersTableDeclaration): DynamodbTable {
  const { name, schema, kmsKeyArn, protectData } = props;
  if (!schema.partitionKey) throw new Error(`${name}: the schema needs a partition key`);
  const keys = [
    { name: schema.partitionKey, type: schema.partitionKeyType },
    ...(schema.sortKey ? [{ name: schema.sortKey, type: schema.sortKeyType ?? 'S' }] : []),
  ];
  return new DynamodbTable(scope, 'table', {
    name,
    billingMode: schema.billingMode,
    hashKey: schema.partitionKey,
    ...(schema.sortKey ? { rangeKey: schema.sortKey } : {}),
    attribute: keys,
    pointInTimeRecovery: { enabled: true },
    // Async orders whose publish was never acknowledged expire (see ORDERS_TABLE_SCHEMA).
    ttl: { attributeName: schema.ttlAttribute, enabled: true },
    serverSideEncryption: { enabled: true, kmsKeyArn },
    deletionProtectionEnabled: protectData,
    lifecycle: { preventDestroy: protectData },
  });
}
