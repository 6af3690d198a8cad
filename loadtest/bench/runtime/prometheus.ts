/**
 * Reading the apps' /metrics (Prometheus text exposition): the counters the bench
 * turns into figures per order (orders_total, aws_requests_total, http_requests_total)
 * and the gauges it samples (nodejs_heap_size_used_bytes).
 */

/** Metric values by name and sorted label values: `name{a=1,b=2}` → value. */
export type MetricValues = ReadonlyMap<string, number>;

export function parsePrometheus(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!match) continue;
    const labels = [...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)]
      .map(([, k, v]) => `${k}=${v}`)
      .sort()
      .join(',');
    values.set(labels ? `${match[1]}{${labels}}` : match[1], Number(match[3]));
  }
  return values;
}

export async function scrapeMetrics(url: string, timeoutMs = 5000): Promise<Map<string, number>> {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  return parsePrometheus(await res.text());
}

function labelsOf(key: string, name: string): Map<string, string> | undefined {
  if (key === name) return new Map();
  if (!key.startsWith(`${name}{`)) return undefined;
  return new Map(
    key
      .slice(name.length + 1, -1)
      .split(',')
      .map((pair) => pair.split('=') as [string, string]),
  );
}

/** Sum of a metric over every label set that contains all of `labels`. */
export function metricSum(values: MetricValues, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const [key, value] of values) {
    const own = labelsOf(key, name);
    if (own && Object.entries(labels).every(([k, v]) => own.get(k) === v)) sum += value;
  }
  return sum;
}

/** aws_requests_total by "service operation", e.g. `{ 'dynamodb PutItem': 3 }`. */
export function awsRequests(values: MetricValues): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of values) {
    const labels = labelsOf(key, 'aws_requests_total');
    if (!labels) continue;
    const call = `${labels.get('service') ?? '?'} ${labels.get('operation') ?? '?'}`;
    out[call] = (out[call] ?? 0) + value;
  }
  return out;
}

/** `after - before` for each key (counters of one process between two scrapes). */
export function counterDelta(
  before: Readonly<Record<string, number>>,
  after: Readonly<Record<string, number>>,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(after)) {
    const delta = value - (before[key] ?? 0);
    if (delta > 0) out[key] = delta;
  }
  return out;
}
