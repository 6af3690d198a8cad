/** Key schema of the orders table: one item per order, addressed by its id. */
export const ORDERS_TABLE_SCHEMA = {
  partitionKey: 'orderId',
  partitionKeyType: 'S',
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
