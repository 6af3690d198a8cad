import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { APP_CONFIG, ProcessorConfig } from '@app/config';
import { OrderConsumers } from './consumers/order-consumers';
import { AwsHealthIndicators } from '@app/observability';

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly aws: AwsHealthIndicators,
    private readonly consumers: OrderConsumers,
    @Inject(APP_CONFIG) private readonly config: ProcessorConfig,
  ) {}

  /** 200 when every consumer runs, SQS answers and DynamoDB is reachable; else 503 with details. */
  @Get()
  @HealthCheck()
  readiness() {
    return this.health.check([
      () => this.consumers.check(),
      () => this.aws.dynamodb(this.config.ORDERS_TABLE_NAME),
    ]);
  }

  /** The process answers; checks nothing external. */
  @Get('live')
  @HealthCheck()
  liveness() {
    return this.health.check([]);
  }
}
