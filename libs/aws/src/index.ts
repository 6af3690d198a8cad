/** @app/aws: AWS SDK client providers (DynamoDB document client, SNS, SQS) and the recorder of their calls. */
export * from './aws.tokens';
export * from './aws-client-options';
export * from './bounded-http-handler';
export * from './aws-call-recorder';
export * from './aws-clients.module';
export * from './aws-errors';
export * from './dependency-error';
