/**
 * The rules of CloudWatch's embedded metric format that decide whether CloudWatch Logs extracts
 * metrics from a line, checked independently of the code that writes it
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html):
 * `_aws` with an integer Timestamp (ms) and a CloudWatchMetrics array of directives; each directive
 * with a Namespace (1–255 characters), Dimensions (an array of dimension sets, each at most 30
 * keys) and Metrics (at most 100 definitions, each with a Name and, optionally, a CloudWatch Unit
 * and a StorageResolution of 1 or 60); every dimension key a string member of the root, every
 * metric name a numeric member or an array of 1 to 100 numbers. Returns what is wrong, [] for a valid line.
 */
export function emfViolations(line: unknown): string[] {
  const errors: string[] = [];
  if (!isObject(line)) return ['the line is not a JSON object'];
  const aws = line._aws;
  if (!isObject(aws)) return ['no _aws object'];
  if (!Number.isInteger(aws.Timestamp)) errors.push('_aws.Timestamp is not an integer (ms since the epoch)');
  const directives = aws.CloudWatchMetrics;
  if (!Array.isArray(directives) || directives.length === 0)
    return [...errors, 'no _aws.CloudWatchMetrics directive'];
  for (const directive of directives as unknown[]) {
    if (!isObject(directive)) {
      errors.push('a directive is not an object');
      continue;
    }
    const { Namespace, Dimensions, Metrics } = directive;
    if (typeof Namespace !== 'string' || Namespace.length < 1 || Namespace.length > 255) {
      errors.push('Namespace is not a string of 1 to 255 characters');
    }
    if (!Array.isArray(Dimensions)) errors.push('Dimensions is not an array of dimension sets');
    else {
      for (const set of Dimensions as unknown[]) {
        if (!Array.isArray(set) || set.length > 30)
          errors.push('a dimension set is not an array of at most 30 keys');
        else {
          for (const key of set as unknown[]) {
            if (typeof key !== 'string' || typeof line[key] !== 'string') {
              errors.push(`dimension ${String(key)} has no string member on the root`);
            }
          }
        }
      }
    }
    if (!Array.isArray(Metrics) || Metrics.length > 100)
      errors.push('Metrics is not an array of at most 100 definitions');
    else {
      for (const metric of Metrics as unknown[]) {
        if (!isObject(metric) || typeof metric.Name !== 'string') {
          errors.push('a metric definition has no Name');
          continue;
        }
        if (metric.Unit !== undefined && !UNITS.has(metric.Unit as string))
          errors.push(`${metric.Name}: unknown Unit`);
        if (metric.StorageResolution !== undefined && ![1, 60].includes(metric.StorageResolution as number)) {
          errors.push(`${metric.Name}: StorageResolution is neither 1 nor 60`);
        }
        const value = line[metric.Name];
        const numbers = Array.isArray(value) ? (value as unknown[]) : [value];
        if (
          numbers.length < 1 ||
          numbers.length > 100 ||
          !numbers.every((n) => typeof n === 'number' && Number.isFinite(n))
        ) {
          errors.push(`${metric.Name}: the root member is not a number or an array of 1 to 100 numbers`);
        }
      }
    }
  }
  return errors;
}

const UNITS = new Set([
  ...['Seconds', 'Microseconds', 'Milliseconds', 'Percent', 'Count', 'None'],
  ...['Bytes', 'Kilobytes', 'Megabytes', 'Gigabytes', 'Terabytes'],
  ...['Bits', 'Kilobits', 'Megabits', 'Gigabits', 'Terabits'],
  ...['Bytes/Second', 'Kilobytes/Second', 'Megabytes/Second', 'Gigabytes/Second', 'Terabytes/Second'],
  ...[
    'Bits/Second',
    'Kilobits/Second',
    'Megabits/Second',
    'Gigabits/Second',
    'Terabits/Second',
    'Count/Second',
  ],
]);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
