import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import { APP_CONFIG, ReceiverConfig } from '@app/config';
import { AwsHealthIndicators } from '@app/observability';

const LIVE: HealthCheckResult = { status: 'ok', info: {}, error: {}, details: {} };

/** Exempt from the client rate limit (ClientRateLimitMiddleware): the ALB and ECS call it. */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly aws: AwsHealthIndicators,
    @Inject(APP_CONFIG) private readonly config: ReceiverConfig,
  ) {}

  @Get()
  @HealthCheck()
  @ApiOperation({
    summary: 'Readiness: 200 when DynamoDB and SNS are reachable, else 503 with details (ALB check)',
  })
  readiness() {
    return this.health.check([
      () => this.aws.dynamodb(this.config.ORDERS_TABLE_NAME),
      () => this.aws.snsTopic(this.config.ORDERS_TOPIC_ARN),
    ]);
  }

  @Get('live')
  @HealthCheck()
  @ApiOperation({
    summary: 'Liveness: the process answers; checks nothing external (container health check)',
  })
  liveness(): HealthCheckResult {
    // Terminus' answer for an empty list of checks, without running terminus for each probe.
    return LIVE;
  }
}
