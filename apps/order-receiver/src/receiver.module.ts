import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerModule } from '@nestjs/throttler';
import { AwsClientsModule } from '@app/aws';
import { APP_CONFIG, ReceiverConfig, receiverEnvSchema, TypedConfigModule } from '@app/config';
import {
  ClientRateLimitMiddleware,
  DocumentedRoutes,
  HttpExceptionFilter,
  JsonBodyMiddleware,
  JsonOnlyMiddleware,
  MethodNotAllowedMiddleware,
} from '@app/http';
import { AwsHealthIndicators, HttpMetricsMiddleware, LoggingModule, MetricsModule } from '@app/observability';
import { OrderIntakeModule } from '@app/orders';
import { HealthController } from './health.controller';
import { OrdersController } from './orders.controller';

/** The order-receiver: HTTP API over the order intake use cases. */
@Module({})
export class ReceiverModule implements NestModule {
  static forRoot(env: Record<string, unknown> = process.env): DynamicModule {
    return {
      module: ReceiverModule,
      imports: [
        TypedConfigModule.forRoot(receiverEnvSchema, env),
        LoggingModule.forRoot('order-receiver'),
        AwsClientsModule,
        MetricsModule,
        TerminusModule.forRoot({ errorLogStyle: 'json' }),
        // Only its storage is used, by ClientRateLimitMiddleware (there is no ThrottlerGuard).
        ThrottlerModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: ReceiverConfig) => ({
            throttlers: [{ ttl: config.THROTTLE_TTL_MS, limit: config.THROTTLE_LIMIT }],
          }),
        }),
        OrderIntakeModule,
      ],
      controllers: [OrdersController, HealthController],
      providers: [
        AwsHealthIndicators,
        DocumentedRoutes,
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    // The rate limit first, so that every rejected request counts; 405 before 415: a wrong
    // method is the first thing wrong with `PUT /orders/x`.
    consumer
      .apply(
        HttpMetricsMiddleware,
        ClientRateLimitMiddleware,
        MethodNotAllowedMiddleware,
        JsonOnlyMiddleware,
        JsonBodyMiddleware,
      )
      .forRoutes('*');
  }
}
