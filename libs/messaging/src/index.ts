/**
 * @app/messaging: the order message as it travels on SNS and SQS — its body
 * (parsed with the API's validation rules) and the attributes the receiver,
 * the processor and the dead-letter tooling set and read (message-attributes.ts,
 * with the one way to send a received message's attributes on).
 */
export * from './order-message';
export * from './message-attributes';
