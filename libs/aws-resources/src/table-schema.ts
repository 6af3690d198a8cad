/** Key schema of the orders table: one item per order, addressed by its id. */
export const ORDERS_TABLE_SCHEMA = {
  partitionKey: 'orderId',
  partitionKeyType: 'S',
  billingMode: 'PAY_PER_REQUEST',
} as const;
