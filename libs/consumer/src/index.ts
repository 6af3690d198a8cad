/** @app/consumer: SQS consumers of the orders queue (@ssut/nestjs-sqs) with drain-on-shutdown and health. */
export * from './consumer-plan';
export * from './receive-backoff';
export * from './slot-pool';
export * from './receive-window';
export * from './consumer-slots';
export * from './order-consumers';
export * from './order-consumers.module';
