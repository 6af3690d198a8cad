import { Controller, Get, Inject, Req, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import type { FastifyRequest } from 'fastify';
import { APP_CONFIG, ReceiverConfig } from '@app/config';
import { AwsHealthIndicators } from '@app/observability';
import { mayShowHealthDetails } from './health-details';
import { ShutdownDrain } from './shutdown-drain';

const LIVE: HealthCheckResult = { status: 'ok', info: {}, error: {}, details: {} };

/** What a caller that may not see the details gets: the status alone. */
type HealthStatus = Pick<HealthCheckResult, 'status'>;

/**
 * Exempt from the client rate limit (ClientRateLimitMiddleware): the ALB and ECS call it.
 * Both routes answer 503 `shutting_down` while the receiver drains (ShutdownDrain), so the target
 * group stops routing to it before it closes.
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly aws: AwsHealthIndicators,
    private readonly drain: ShutdownDrain,
    @Inject(APP_CONFIG) private readonly config: ReceiverConfig,
  ) {}

  @Get()
  @HealthCheck()
  @ApiOperation({
    summary:
      'Readiness: 200 when DynamoDB and SNS are reachable, else 503. Through a proxy the status alone; each dependency only to a direct call from a private address',
  })
  async readiness(@Req() request: FastifyRequest): Promise<HealthCheckResult | HealthStatus> {
    this.refuseWhileDraining();
    const details = mayShowHealthDetails(request);
    try {
      const result = await this.health.check([
        () => this.aws.dynamodb(this.config.ORDERS_TABLE_NAME),
        () => this.aws.snsTopic(this.config.ORDERS_TOPIC_ARN),
      ]);
      return details ? result : { status: result.status };
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const result = error.getResponse() as HealthCheckResult;
      // The exception filter logs the cause (warn) whoever asked: the details are never lost.
      throw new ServiceUnavailableException(details ? result : { status: result.status }, {
        cause: new Error(`readiness failed: ${JSON.stringify(result.error)}`),
      });
    }
  }

  @Get('live')
  @HealthCheck()
  @ApiOperation({
    summary:
      'Liveness: the process answers; checks nothing external (load balancer target group and container health check)',
  })
  liveness(): HealthCheckResult {
    this.refuseWhileDraining();
    // Terminus' answer for an empty list of checks, without running terminus for each probe.
    return LIVE;
  }

  private refuseWhileDraining(): void {
    if (this.drain.draining) throw new ServiceUnavailableException({ status: 'shutting_down' });
  }
}
