import { Controller, Get, HttpStatus, Inject, Req, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG, ReceiverConfig } from '@app/config';
import { AwsHealthIndicators } from '@app/observability';
import { mayShowHealthDetails } from './health-details';
import { ShutdownDrain } from './shutdown-drain';

const LIVE: HealthCheckResult = { status: 'ok', info: {}, error: {}, details: {} };

/** What a caller that may not see the details gets: the status alone. */
type HealthStatus = Pick<HealthCheckResult, 'status'>;

/** Both routes' answer while the receiver drains before it stops. */
const SHUTTING_DOWN = { status: 'shutting_down' } as const;

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
  async readiness(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<HealthCheckResult | HealthStatus | typeof SHUTTING_DOWN> {
    if (this.drain.draining) return this.shuttingDown(reply);
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
  liveness(@Res({ passthrough: true }) reply: FastifyReply): HealthCheckResult | typeof SHUTTING_DOWN {
    if (this.drain.draining) return this.shuttingDown(reply);
    // Terminus' answer for an empty list of checks, without running terminus for each probe.
    return LIVE;
  }

  /**
   * A 503 answered here rather than thrown: the exception filter would log every probe of a routine
   * drain as 'dependency unavailable', the warning of an outage.
   */
  private shuttingDown(reply: FastifyReply): typeof SHUTTING_DOWN {
    reply.status(HttpStatus.SERVICE_UNAVAILABLE);
    return SHUTTING_DOWN;
  }
}
