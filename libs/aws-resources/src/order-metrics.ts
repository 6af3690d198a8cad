/**
 * The order metrics the apps publish to CloudWatch and the dashboard reads, defined once: their
 * namespace, names, units and the one dimension. The apps write them as embedded-metric-format log
 * lines (libs/observability), once per process per flush interval; infra's dashboard graphs them.
 *
 * One dimension, the environment: no task id, service or channel, because CloudWatch bills every
 * metric name × dimension-value combination as a custom metric ($0.30/month each), and a task
 * dimension would add metrics with every task ever started. Each metric has one source app, so
 * the metric name already says where it comes from.
 */
export const ORDER_METRICS_NAMESPACE = 'ResilientOrders';

/** The dimension every order metric carries; its value is the environment (`dev`, `prod`, `local`). */
export const ORDER_METRICS_DIMENSION = 'Environment';

/** How often the apps on ECS flush a line (the stack sets it), and the dashboard's period. */
export const ORDER_METRICS_PERIOD_SECONDS = 60;

/** Samples of the in-flight gauge per flush: Average over them is the task's mean over the period. */
export const IN_FLIGHT_SAMPLES_PER_FLUSH = 12;

/**
 * The most values one metric may carry in one line (the EMF specification: an array of at most 100
 * numbers), which bounds the processing-duration sample a process sends per flush.
 */
export const EMF_MAX_VALUES_PER_METRIC = 100;

export type OrderMetricsApp = 'order-receiver' | 'order-processor';

export interface OrderMetricDefinition {
  /** The CloudWatch metric name. */
  readonly name: string;
  /** A CloudWatch unit. */
  readonly unit: 'Count' | 'Milliseconds';
  /** The app that emits it. */
  readonly app: OrderMetricsApp;
  /** What one value is, for the dashboard and the README. */
  readonly description: string;
}

export const ORDER_METRICS = {
  accepted: {
    name: 'OrdersAccepted',
    unit: 'Count',
    app: 'order-receiver',
    description: 'async orders answered 202 for the first time, per flush',
  },
  completed: {
    name: 'OrdersCompleted',
    unit: 'Count',
    app: 'order-processor',
    description: 'async orders the processor completed, per flush',
  },
  failed: {
    name: 'OrdersFailed',
    unit: 'Count',
    app: 'order-processor',
    description: 'async orders the processor recorded FAILED (retries spent), per flush',
  },
  deadLettered: {
    name: 'OrdersDeadLettered',
    unit: 'Count',
    app: 'order-processor',
    description: 'messages the processor moved to the dead-letter queue, per flush',
  },
  inFlight: {
    name: 'OrdersInFlight',
    unit: 'Count',
    app: 'order-processor',
    description: `orders one processor task works on, sampled ${IN_FLIGHT_SAMPLES_PER_FLUSH} times per flush`,
  },
  processingDuration: {
    name: 'OrderProcessingDuration',
    unit: 'Milliseconds',
    app: 'order-processor',
    description: `claim to COMPLETED or FAILED, a uniform sample of at most ${EMF_MAX_VALUES_PER_METRIC} per task per flush`,
  },
} as const satisfies Record<string, OrderMetricDefinition>;

export type OrderMetricKey = keyof typeof ORDER_METRICS;
