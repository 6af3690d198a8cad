import { EMF_MAX_VALUES_PER_METRIC } from '@app/aws-resources';

/** One metric of an EMF line: a number, or up to 100 of them (CloudWatch keeps each as a sample). */
export interface EmfMetric {
  readonly name: string;
  readonly unit: string;
  readonly value: number | readonly number[];
}

export interface EmfInput {
  readonly namespace: string;
  /** Dimension name → value: one dimension set with all of them. */
  readonly dimensions: Readonly<Record<string, string>>;
  readonly metrics: readonly EmfMetric[];
  /** Milliseconds since the epoch: the time CloudWatch files the values under. */
  readonly timestamp: number;
  /** Other members of the line, for people reading the log (no metric is made of them). */
  readonly properties?: Readonly<Record<string, string>>;
}

/** The most metric definitions one directive may hold (EMF specification). */
const MAX_METRICS_PER_DIRECTIVE = 100;
/** The most dimension keys one dimension set may hold (EMF specification). */
const MAX_DIMENSIONS_PER_SET = 30;

/**
 * A CloudWatch embedded-metric-format document: `_aws` with the timestamp and one metric directive
 * (namespace, one dimension set, the metric definitions), and each dimension and metric as a
 * top-level member of the same object, which is what CloudWatch Logs reads the values from
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html).
 * Throws where the specification would have CloudWatch drop the line instead: an empty or
 * oversized value array, a name used twice, too many metrics or dimensions.
 */
export function emfDocument(input: EmfInput): Record<string, unknown> {
  const dimensionKeys = Object.keys(input.dimensions);
  if (dimensionKeys.length > MAX_DIMENSIONS_PER_SET) {
    throw new Error(`EMF: at most ${MAX_DIMENSIONS_PER_SET} dimensions, got ${dimensionKeys.length}`);
  }
  if (input.metrics.length > MAX_METRICS_PER_DIRECTIVE) {
    throw new Error(`EMF: at most ${MAX_METRICS_PER_DIRECTIVE} metrics, got ${input.metrics.length}`);
  }
  const members: Record<string, unknown> = { ...input.properties, ...input.dimensions };
  for (const metric of input.metrics) {
    if (metric.name in members) throw new Error(`EMF: "${metric.name}" is used twice in one line`);
    const values = typeof metric.value === 'number' ? [metric.value] : metric.value;
    if (values.length === 0 || values.length > EMF_MAX_VALUES_PER_METRIC) {
      throw new Error(
        `EMF: ${metric.name} needs 1 to ${EMF_MAX_VALUES_PER_METRIC} values, got ${values.length}`,
      );
    }
    if (!values.every(Number.isFinite))
      throw new Error(`EMF: ${metric.name} has a value that is not a finite number`);
    members[metric.name] = metric.value;
  }
  return {
    _aws: {
      Timestamp: input.timestamp,
      CloudWatchMetrics: [
        {
          Namespace: input.namespace,
          Dimensions: [dimensionKeys],
          Metrics: input.metrics.map(({ name, unit }) => ({ Name: name, Unit: unit })),
        },
      ],
    },
    ...members,
  };
}
