import { Counter, Gauge, Histogram, register } from 'prom-client';
import { DurationSample } from './duration-sample';

/*
 * Metrics live in prom-client's default registry, which @willsoto/nestjs-prometheus
 * serves at /metrics. Created once per process: several Nest apps in one test
 * process share them.
 */
function once<T>(name: string, create: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? create();
}

export const httpRequestsTotal = once(
  'http_requests_total',
  () =>
    new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests by route and status',
      labelNames: ['method', 'route', 'status'],
    }),
);

export const httpRequestDuration = once(
  'http_request_duration_seconds',
  () =>
    new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request latency by route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    }),
);

export const ordersTotal = once(
  'orders_total',
  () =>
    new Counter({
      name: 'orders_total',
      help: 'Orders by outcome: accepted (async 202), completed, failed, retried, duplicate, dead_lettered',
      labelNames: ['outcome', 'channel'],
    }),
);

export const ordersInFlight = once(
  'orders_in_flight',
  () => new Gauge({ name: 'orders_in_flight', help: 'Orders being processed right now by this process' }),
);

export const orderProcessingDuration = once(
  'order_processing_duration_seconds',
  () =>
    new Histogram({
      name: 'order_processing_duration_seconds',
      help: 'Time from claiming an order to its end, by outcome',
      labelNames: ['outcome'],
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 2, 3, 5, 10, 30, 60],
    }),
);

/**
 * Processing durations (ms) of the orders that ended, COMPLETED or FAILED, since the last
 * CloudWatch line: a bounded sample, for percentiles the histogram's buckets are too coarse for.
 */
export const orderProcessingDurationsMs = new DurationSample();

export const receiveErrorsTotal = once(
  'sqs_receive_errors_total',
  () =>
    new Counter({ name: 'sqs_receive_errors_total', help: 'Errors receiving from or acknowledging to SQS' }),
);

export const awsRequestsTotal = once(
  'aws_requests_total',
  () =>
    new Counter({
      name: 'aws_requests_total',
      help: 'AWS API calls sent, by service and operation (whatever their outcome)',
      labelNames: ['service', 'operation'],
    }),
);

export const signingKeyFetchesTotal = once(
  'signing_key_fetches_total',
  () =>
    new Counter({
      name: 'signing_key_fetches_total',
      help: "Fetches of the token issuer's signing keys (JWKS) by outcome (ok, failed): a few per process, never one per request",
      labelNames: ['outcome'],
    }),
);
