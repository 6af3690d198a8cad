/**
 * @app/observability: JSON logging, Prometheus metrics, the order metrics as CloudWatch
 * embedded-metric-format lines, and the AWS health indicators both apps report through
 * @nestjs/terminus.
 */
export * from './logging.module';
export * from './metrics';
export * from './metrics.module';
export * from './cloudwatch-metrics.emitter';
export * from './emf-document';
export * from './duration-sample';
export * from './aws-request.metrics';
export * from './aws-health.indicators';
