import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import {
  IN_FLIGHT_SAMPLES_PER_FLUSH,
  ORDER_METRICS,
  ORDER_METRICS_DIMENSION,
  ORDER_METRICS_NAMESPACE,
  OrderMetricKey,
  OrderMetricsApp,
} from '@app/aws-resources';
import { APP_CONFIG, CommonConfig } from '@app/config';
import { EmfMetric, emfDocument } from './emf-document';
import { orderProcessingDurationsMs, ordersInFlight, ordersTotal } from './metrics';
import { CounterDeltas, totalsByOutcome } from './order-counts';

/** The app whose order metrics this process writes (MetricsModule.forApp). */
export const ORDER_METRICS_APP = Symbol('ORDER_METRICS_APP');

/** Each app's counted metrics: the `orders_total` outcome (channel `async`) that feeds it. */
const COUNTED: Record<OrderMetricsApp, readonly (readonly [OrderMetricKey, string])[]> = {
  'order-receiver': [['accepted', 'accepted']],
  'order-processor': [
    ['completed', 'completed'],
    ['failed', 'failed'],
    ['deadLettered', 'dead_lettered'],
  ],
};

type EmitterConfig = Pick<CommonConfig, 'EMF_METRICS_INTERVAL_MS' | 'EMF_METRICS_ENVIRONMENT'>;

/**
 * Writes the app's order metrics to stdout as one CloudWatch embedded-metric-format line per
 * EMF_METRICS_INTERVAL_MS, and once more on shutdown so the last period is not lost. On ECS
 * the awslogs driver ships the line to CloudWatch Logs, which extracts the metrics: no agent, no
 * call from the app. Nothing runs per order: the counts are what prom-client already counted
 * (the change since the last line), the in-flight gauge is sampled IN_FLIGHT_SAMPLES_PER_FLUSH
 * times per interval, and the durations are the bounded sample the processor adds each ended order
 * to. Off (no timer, no line) while the interval is 0.
 */
@Injectable()
export class CloudWatchMetricsEmitter implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CloudWatchMetricsEmitter.name);
  private readonly deltas = new CounterDeltas();
  private readonly intervalMs: number;
  private readonly environment: string;
  private inFlightSamples: number[] = [];
  private ticks = 0;
  private timer?: NodeJS.Timeout;
  /** Flushes run one after another: a tick's and the shutdown's never interleave. */
  private pending: Promise<void> = Promise.resolve();

  constructor(
    @Inject(APP_CONFIG) config: EmitterConfig,
    @Inject(ORDER_METRICS_APP) private readonly app: OrderMetricsApp,
  ) {
    this.intervalMs = config.EMF_METRICS_INTERVAL_MS;
    this.environment = config.EMF_METRICS_ENVIRONMENT;
  }

  private get samplesInFlight(): boolean {
    return ORDER_METRICS.inFlight.app === this.app;
  }

  onApplicationBootstrap(): void {
    if (this.intervalMs === 0) return;
    // Counted from here: what the app counted before its first line is in that first line.
    this.timer = setInterval(() => this.tick(), this.intervalMs / IN_FLIGHT_SAMPLES_PER_FLUSH);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer === undefined) return;
    clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  private tick(): void {
    this.ticks += 1;
    const flushNow = this.ticks % IN_FLIGHT_SAMPLES_PER_FLUSH === 0;
    this.pending = this.pending
      .then(async () => {
        if (this.samplesInFlight) this.inFlightSamples.push(await inFlightNow());
        if (flushNow) await this.writeLine();
      })
      .catch((error: unknown) =>
        this.logger.error({ msg: 'order metrics line not written', error: String(error) }),
      );
  }

  /** Writes the line of the period so far (after any tick in progress). */
  flush(): Promise<void> {
    this.pending = this.pending.then(() => this.writeLine());
    return this.pending;
  }

  private async writeLine(): Promise<void> {
    const metrics: EmfMetric[] = [];
    const deltas = this.deltas.next(totalsByOutcome(await ordersTotal.get(), 'async'));
    for (const [key, outcome] of COUNTED[this.app]) {
      const { name, unit } = ORDER_METRICS[key];
      metrics.push({ name, unit, value: deltas.get(outcome) ?? 0 });
    }
    if (this.samplesInFlight) {
      const samples = this.inFlightSamples.length > 0 ? this.inFlightSamples : [await inFlightNow()];
      this.inFlightSamples = [];
      const { name, unit } = ORDER_METRICS.inFlight;
      metrics.push({ name, unit, value: samples });
    }
    if (ORDER_METRICS.processingDuration.app === this.app) {
      const { values } = orderProcessingDurationsMs.drain();
      const { name, unit } = ORDER_METRICS.processingDuration;
      // No orders ended, no values: an empty array is not a valid metric value.
      if (values.length > 0) metrics.push({ name, unit, value: values.map((ms) => Math.round(ms)) });
    }
    const line = emfDocument({
      namespace: ORDER_METRICS_NAMESPACE,
      dimensions: { [ORDER_METRICS_DIMENSION]: this.environment },
      metrics,
      timestamp: Date.now(),
      properties: { service: this.app, msg: 'order metrics' },
    });
    // Straight to stdout, not through pino: LOG_LEVEL must not silence metrics.
    process.stdout.write(`${JSON.stringify(line)}\n`);
  }
}

async function inFlightNow(): Promise<number> {
  return (await ordersInFlight.get()).values[0]?.value ?? 0;
}
