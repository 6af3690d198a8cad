import { Controller, Get, Module, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { PrometheusController, PrometheusModule } from '@willsoto/nestjs-prometheus';
import { AwsRequestMetrics } from './aws-request.metrics';

/** /metrics, left out of the API document (the receiver's rate limit exempts it by path). */
@ApiExcludeController()
@Controller()
export class MetricsController extends PrometheusController {
  @Get()
  override async index(@Res({ passthrough: true }) response: unknown) {
    return super.index(response);
  }
}

@Module({
  imports: [
    PrometheusModule.register({
      path: '/metrics',
      controller: MetricsController,
      defaultMetrics: { enabled: true },
    }),
  ],
  providers: [AwsRequestMetrics],
})
export class MetricsModule {}
