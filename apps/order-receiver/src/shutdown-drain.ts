import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { APP_CONFIG, ReceiverConfig } from '@app/config';

/**
 * The receiver's drain on a shutdown signal: it keeps serving for SHUTDOWN_DRAIN_DELAY_MS before
 * Nest closes the server, while the health routes answer 503 (`shutting_down`), so that the load
 * balancer marks the target unhealthy and stops routing to it before its connections are refused.
 * A Fargate Spot interruption sends SIGTERM while the target may still be registered and healthy;
 * closing at once would turn every request routed to it meanwhile into a 502.
 *
 * Nest calls `beforeApplicationShutdown` before it closes the HTTP server (no provider of the
 * receiver tears anything down earlier). Only a signal drains: `app.close()` from a spec does not wait.
 */
@Injectable()
export class ShutdownDrain implements BeforeApplicationShutdown {
  private readonly logger = new Logger(ShutdownDrain.name);
  private started = false;

  constructor(@Inject(APP_CONFIG) private readonly config: ReceiverConfig) {}

  /** True from the shutdown signal on: the health routes answer 503. */
  get draining(): boolean {
    return this.started;
  }

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    const delayMs = this.config.SHUTDOWN_DRAIN_DELAY_MS;
    if (signal === undefined || delayMs === 0) return;
    this.started = true;
    this.logger.log({ msg: 'draining before shutdown', signal, delayMs });
    await sleep(delayMs);
    this.logger.log({ msg: 'drain delay over, closing the server', signal });
  }
}
