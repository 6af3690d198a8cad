/**
 * @app/orders: the order domain. DTOs and validation, the status lifecycle,
 * the simulated fulfilment, the DynamoDB repository, the SNS publisher, and
 * the processing use case that the sync endpoint and the processor share.
 */
export * from './dto';
export * from './order';
export * from './order-status';
export * from './errors';
export * from './storage/order.record';
export * from './storage/order.repository';
export * from './fulfilment/fulfilment.simulator';
export * from './messaging/order-message';
export * from './messaging/order.publisher';
export * from './processing/order-processing.service';
export * from './intake/order-intake.service';
export * from './orders.module';
export * from './order-intake.module';
export * from './messaging/sqs-message.actions';
export * from './processing/order-message.processor';
export * from './order-processor.module';
export * from './messaging/dead-letter-message';
export * from './messaging/dead-letter.service';
export * from './messaging/dead-letter.module';
