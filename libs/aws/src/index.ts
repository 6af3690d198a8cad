/** @app/aws: AWS SDK client providers (DynamoDB document client, SNS, SQS). */
export * from './aws.tokens';
export * from './aws-client-options';
export * from './aws-clients.module';
export * from './aws-errors';
