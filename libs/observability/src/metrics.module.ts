import { Controller, DynamicModule, Get, Module, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { PrometheusController, PrometheusModule } from '@willsoto/nestjs-prometheus';
import type { OrderMetricsApp } from '@app/aws-resources';
import { AwsRequestMetrics } from './aws-request.metrics';
import { CloudWatchMetricsEmitter, ORDER_METRICS_APP } from './cloudwatch-metrics.emitter';

/** /metrics, left out of the API document (the receiver's rate limit exempts it by path). */
@ApiExcludeController()
@Controller()
export class MetricsController extends PrometheusController {
  @Get()
  override async index(@Res({ passthrough: true }) response: unknown) {
    return super.index(response);
  }
}

/**
 * Built once per process, as the metrics are: registering it again (a second Nest app in one test
 * process) would register prom-client's default metrics twice, which prom-client refuses.
 */
const PROMETHEUS = PrometheusModule.register({
  path: '/metrics',
  controller: MetricsController,
  defaultMetrics: { enabled: true },
});

/** Prometheus at /metrics, and the app's order metrics as CloudWatch EMF lines (when configured). */
@Module({})
export class MetricsModule {
  static forApp(app: OrderMetricsApp): DynamicModule {
    return {
      module: MetricsModule,
      imports: [PROMETHEUS],
      providers: [AwsRequestMetrics, { provide: ORDER_METRICS_APP, useValue: app }, CloudWatchMetricsEmitter],
    };
  }
}
