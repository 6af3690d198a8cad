import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerModule } from '@nestjs/throttler';
import { AwsClientsModule } from '@app/aws';
import { APP_CONFIG, ReceiverConfig, receiverEnvSchema, TypedConfigModule } from '@app/config';
import { AwsHealthIndicators, HttpMetricsMiddleware, LoggingModule, MetricsModule } from '@app/observability';
import { HealthController } from './health.controller';
import { ClientRateLimitMiddleware } from './http/client-rate-limit.middleware';
import { DocumentedRoutes } from './http/documented-routes';
import { HttpExceptionFilter } from './http/http-exception.filter';
import { JsonBodyMiddleware } from './http/json-body.middleware';
import { JsonOnlyMiddleware } from './http/json-only.middleware';
import { MethodNotAllowedMiddleware } from './http/method-not-allowed.middleware';
import { OrderIntakeModule } from './orders/order-intake.module';
import { OrdersController } from './orders/orders.controller';

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
