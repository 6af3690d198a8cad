import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerModule } from '@nestjs/throttler';
import { AwsClientsModule } from '@app/aws';
import { APP_CONFIG, ReceiverConfig, TypedConfigModule } from '@app/config';
import { AwsHealthIndicators, LoggingModule, MetricsModule } from '@app/observability';
import { StatusUrlSigner } from './auth/status-url.signer';
import { HealthController } from './health.controller';
import { DocumentedRoutes } from './http/documented-routes';
import { HttpExceptionFilter } from './http/http-exception.filter';
import { requestLogFields } from './http/request-context';
import { ShutdownDrain } from './shutdown-drain';
import { OrderIntakeModule } from './orders/order-intake.module';
import { CustomerOrdersController } from './orders/customer-orders.controller';
import { OrdersController } from './orders/orders.controller';

/** The order-receiver: HTTP API over the order intake use cases. */
@Module({})
export class ReceiverModule {
  /** `config`: validated (receiverEnvSchema) by createReceiverApp, which also needs it for Fastify. */
  static forConfig(config: ReceiverConfig): DynamicModule {
    return {
      module: ReceiverModule,
      imports: [
        TypedConfigModule.forConfig(config),
        LoggingModule.forRoot('order-receiver', requestLogFields),
        AwsClientsModule,
        MetricsModule.forApp('order-receiver'),
        // HealthController passes a failed check's details to the exception filter's warning.
        TerminusModule.forRoot({ logger: false }),
        // Only its storage is used, by the clientRateLimit hook (there is no ThrottlerGuard).
        ThrottlerModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: ReceiverConfig) => ({
            throttlers: [{ ttl: config.THROTTLE_TTL_MS, limit: config.THROTTLE_LIMIT }],
          }),
        }),
        OrderIntakeModule,
      ],
      controllers: [OrdersController, CustomerOrdersController, HealthController],
      providers: [
        AwsHealthIndicators,
        DocumentedRoutes,
        ShutdownDrain,
        {
          provide: StatusUrlSigner,
          inject: [APP_CONFIG],
          useFactory: (config: ReceiverConfig) =>
            new StatusUrlSigner(config.STATUS_URL_SIGNING_KEY, config.STATUS_URL_TTL_SECONDS),
        },
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
      ],
    };
  }
}
