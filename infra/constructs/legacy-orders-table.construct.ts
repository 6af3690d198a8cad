import { Construct } from 'constructs';
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { LEGACY_ORDERS_TABLE_SCHEMA, ResourceNames } from '@app/aws-resources';
import { declareOrdersTable } from './orders-table.construct';

export interface LegacyOrdersTableProps {
  readonly names: ResourceNames;
  readonly kmsKeyArn: string;
  readonly protectData: boolean;
}

/**
 * The orders table as it was while orders were keyed by orderId alone (`legacyTable`), declared
 * exactly as it was created so that a deploy neither changes nor destroys it: no app uses it,
 * but its orders stay readable until the operator retires it (docs/migration.md). The stack must
 * give it the construct id the table had (`LEGACY_ORDERS_TABLE_ID`): the id is its Terraform
 * address, and a new address would make Terraform destroy the table and create another.
 */
export class LegacyOrdersTableConstruct extends Construct {
  public readonly table: DynamodbTable;

  constructor(scope: Construct, id: string, props: LegacyOrdersTableProps) {
    super(scope, id);
    const { names, kmsKeyArn, protectData } = props;
    this.table = declareOrdersTable(this, {
      name: names.legacyTable,
      schema: LEGACY_ORDERS_TABLE_SCHEMA,
      kmsKeyArn,
      protectData,
    });
  }
}

/** The construct id the orders table had before it was keyed by customer: its Terraform address. */
export const LEGACY_ORDERS_TABLE_ID = 'data';
