import {
  ORDER_METRICS,
  ORDER_METRICS_DIMENSION,
  ORDER_METRICS_NAMESPACE,
  OrderMetricDefinition,
} from '@app/aws-resources';
import { AppProcess, emfViolations, LogLine, postJson, testOrder } from '@app/testing';
import { ProcessorHarness } from './processor-harness';

/**
 * The order metrics reach CloudWatch as embedded-metric-format lines on stdout, which the
 * tasks' awslogs driver ships to CloudWatch Logs: the built receiver and processor, started
 * with a short interval, take orders over real HTTP and write lines that follow the
 * specification, count exactly the orders sent, carry no per-task dimension, and write the
 * last period on shutdown.
 */
describe('order metrics as CloudWatch EMF lines (receiver and processor processes)', () => {
  const ENVIRONMENT = 'e2e';
  const PROCESSING_TIME_MS = 1500;
  let h: ProcessorHarness;

  const metricsEnv = (intervalMs: number) => ({
    EMF_METRICS_INTERVAL_MS: intervalMs,
    EMF_METRICS_ENVIRONMENT: ENVIRONMENT,
  });
  const emfLines = (app: AppProcess): LogLine[] => app.logs.filter((line) => '_aws' in line);
  const values = (lines: LogLine[], metric: OrderMetricDefinition) =>
    lines.flatMap((line) => [line[metric.name] ?? []].flat().map(Number));
  const sum = (lines: LogLine[], metric: OrderMetricDefinition) =>
    values(lines, metric).reduce((a, b) => a + b, 0);

  async function submit(receiver: AppProcess, count: number) {
    const orders = Array.from({ length: count }, () => testOrder());
    for (const order of orders) {
      const res = await postJson(`${receiver.url}/orders/async`, order, { token: h.token });
      expect(res.status).toBe(202);
    }
    return orders;
  }

  async function stop(...apps: AppProcess[]) {
    for (const app of apps) app.kill('SIGTERM');
    await Promise.all(apps.map((app) => app.exited));
  }

  beforeEach(async () => {
    h = await ProcessorHarness.start();
  });

  afterEach(async () => {
    await h?.stop();
  });

  it('writes a line per interval that counts every order once, with the environment as the only dimension', async () => {
    const receiver = await h.startReceiver(metricsEnv(1000));
    const processor = await h.startProcessor({
      ...metricsEnv(1000),
      PROCESSING_TIME_MS,
      PROCESSOR_CONCURRENCY: 10,
    });
    const orders = await submit(receiver, 5);
    await h.send('{not an order');
    for (const order of orders) await h.waitForStatus(order, 'COMPLETED');
    // Two more intervals, so that the periodic lines, not only the shutdown's, hold the counts.
    await new Promise((ok) => setTimeout(ok, 2500));
    await stop(receiver, processor);

    const received = emfLines(receiver);
    const processed = emfLines(processor);
    // One line per interval per process (the process ran for several), plus the shutdown's.
    expect(received.length).toBeGreaterThanOrEqual(3);
    expect(processed.length).toBeGreaterThanOrEqual(3);
    for (const line of [...received, ...processed]) {
      expect(emfViolations(line)).toEqual([]);
      const [directive] = (line._aws as { CloudWatchMetrics: Record<string, unknown>[] }).CloudWatchMetrics;
      expect(directive.Namespace).toBe(ORDER_METRICS_NAMESPACE);
      expect(directive.Dimensions).toEqual([[ORDER_METRICS_DIMENSION]]);
      expect(line[ORDER_METRICS_DIMENSION]).toBe(ENVIRONMENT);
    }
    // Each app writes its own metrics and nothing else: no task id, host or pid among the members.
    const members = (lines: LogLine[]) => new Set(lines.flatMap((line) => Object.keys(line)));
    const named = (app: string) =>
      Object.values(ORDER_METRICS)
        .filter((m) => m.app === app)
        .map((m) => m.name);
    const common = ['_aws', ORDER_METRICS_DIMENSION, 'service', 'msg'];
    expect([...members(received)].sort()).toEqual([...common, ...named('order-receiver')].sort());
    expect([...members(processed)].sort()).toEqual([...common, ...named('order-processor')].sort());

    expect(sum(received, ORDER_METRICS.accepted)).toBe(5);
    expect(sum(processed, ORDER_METRICS.completed)).toBe(5);
    expect(sum(processed, ORDER_METRICS.failed)).toBe(0);
    expect(sum(processed, ORDER_METRICS.deadLettered)).toBe(1);
    const durations = values(processed, ORDER_METRICS.processingDuration);
    expect(durations).toHaveLength(5);
    for (const ms of durations) expect(ms).toBeGreaterThanOrEqual(PROCESSING_TIME_MS);
    // Sampled while the messages (five orders and the malformed one) were handled, and 0 once done.
    const inFlight = values(processed, ORDER_METRICS.inFlight);
    expect(Math.max(...inFlight)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...inFlight)).toBeLessThanOrEqual(6);
    expect(inFlight.at(-1)).toBe(0);
  });

  it('writes the period so far on SIGTERM, so the last minute is not lost', async () => {
    const receiver = await h.startReceiver(metricsEnv(60_000));
    const processor = await h.startProcessor({ ...metricsEnv(60_000), PROCESSING_TIME_MS: 100 });
    const orders = await submit(receiver, 3);
    for (const order of orders) await h.waitForStatus(order, 'COMPLETED');
    expect(emfLines(receiver)).toEqual([]);
    expect(emfLines(processor)).toEqual([]);

    await stop(receiver, processor);

    expect(emfLines(receiver)).toEqual([expect.objectContaining({ [ORDER_METRICS.accepted.name]: 3 })]);
    expect(emfLines(processor)).toEqual([expect.objectContaining({ [ORDER_METRICS.completed.name]: 3 })]);
    expect(values(emfLines(processor), ORDER_METRICS.processingDuration)).toHaveLength(3);
  });

  it('writes nothing with the interval at its default, 0', async () => {
    const processor = await h.startProcessor({ PROCESSING_TIME_MS: 100 });
    const [order] = [testOrder()];
    await h.send(order);
    await h.waitForStatus(order, 'COMPLETED');
    await stop(processor);

    expect(emfLines(processor)).toEqual([]);
  });
});
