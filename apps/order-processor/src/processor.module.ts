import { DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { AwsClientsModule } from '@app/aws';
import { processorEnvSchema, TypedConfigModule, validateEnv } from '@app/config';
import { OrderConsumersModule } from './consumers/order-consumers.module';
import { AwsHealthIndicators, LoggingModule, MetricsModule } from '@app/observability';
import { HealthController } from './health.controller';

/** The order-processor: SQS consumers of the orders queue, plus /health and /metrics. */
@Module({})
export class ProcessorModule {
  static forRoot(env: Record<string, unknown> = process.env): DynamicModule {
    // Validated here because the number of consumers shapes the module graph.
    const config = validateEnv(processorEnvSchema, env);
    return {
      module: ProcessorModule,
      imports: [
        TypedConfigModule.forConfig(config),
        LoggingModule.forRoot('order-processor'),
        AwsClientsModule,
        MetricsModule.forApp('order-processor'),
        TerminusModule.forRoot({ errorLogStyle: 'json' }),
        OrderConsumersModule.forConfig(config),
      ],
      controllers: [HealthController],
      providers: [AwsHealthIndicators],
    };
  }
}
