/** What a table declaration needs of a key schema: a partition key, an optional sort key, billing and TTL. */
export interface TableKeySchema {
  readonly partitionKey: string;
  readonly partitionKeyType: 'S';
  readonly sortKey?: string;
  readonly sortKeyType?: 'S';
  readonly billingMode: 'PAY_PER_REQUEST';
  readonly ttlAttribute: string;
}

/**
 * Key schema of the orders table: one item per order, addressed by the customer
 * and the order's id within that customer's orders. An orderId is the client's
 * idempotency key, so it is unique per customer, not globally: two customers
 * choosing the same orderId get two independent orders. The key attributes are
 * the order's own fields of the same names.
 */
export const ORDERS_TABLE_SCHEMA = {
  partitionKey: 'customerId',
  partitionKeyType: 'S',
  sortKey: 'orderId',
  sortKeyType: 'S',
  billingMode: 'PAY_PER_REQUEST',
  /**
   * DynamoDB TTL attribute (epoch seconds). Only an async order that was stored
   * but whose publish was never acknowledged carries it (the receiver gave up,
   * e.g. a write the emulator or DynamoDB applied after the call timed out): such
   * an order was never accepted, is invisible, and expires instead of lingering.
   * Accepting or claiming the order removes it.
   */
  ttlAttribute: 'expiresAt',
  unacceptedOrderTtlSeconds: 24 * 3600,
} as const;

/** The key of one item of the orders table: exactly its key attributes, nothing else of an order. */
export function ordersTableKey(key: {
  readonly customerId: string;
  readonly orderId: string;
}): Record<string, string> {
  return { [ORDERS_TABLE_SCHEMA.partitionKey]: key.customerId, [ORDERS_TABLE_SCHEMA.sortKey]: key.orderId };
}

/**
 * Key schema of the table orders were kept in before they were addressed by customer
 * (`legacyTable` in ResourceNames): keyed by orderId alone. Declared only so that infra keeps
 * the table, and its data, until the operator retires it (docs/migration.md); no app reads it.
 */
export const LEGACY_ORDERS_TABLE_SCHEMA = {
  partitionKey: 'orderId',
  partitionKeyType: 'S',
  billingMode: 'PAY_PER_REQUEST',
  ttlAttribute: ORDERS_TABLE_SCHEMA.ttlAttribute,
} as const;
