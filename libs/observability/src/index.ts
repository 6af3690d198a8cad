/**
 * @app/observability: JSON logging, Prometheus metrics and
 * the AWS health indicators both apps report through @nestjs/terminus.
 */
export * from './logging.module';
export * from './metrics';
export * from './metrics.module';
export * from './aws-request.metrics';
export * from './aws-health.indicators';
