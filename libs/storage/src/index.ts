/**
 * @app/storage: the orders table. DynamoOrderRepository turns every state change
 * of an order into one conditional DynamoDB write (create, accept, claim, renew,
 * complete, fail, release, reopen), and OrderRecord is the item it stores.
 */
export * from './order.record';
export * from './order.repository';
export * from './storage.module';
