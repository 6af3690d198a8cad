/**
 * @app/aws: the AWS SDK as the apps use it: client providers (DynamoDB document client, SNS,
 * SQS) built from the validated config, the bound on DynamoDB calls on the wire
 * (BoundedHttpHandler), the recorder of every call, and the one classification of AWS errors
 * (classifyAwsError; dependencyError for the domain's outage or rejection, which says whether
 * the call provably changed nothing; outageRetries for retry policies).
 */
export * from './aws.tokens';
export * from './aws-client-options';
export * from './sdk-client-tuning';
export * from './bounded-http-handler';
export * from './aws-call-recorder';
export * from './aws-clients.module';
export * from './aws-errors';
export * from './dependency-error';
export * from './outage-retry';
