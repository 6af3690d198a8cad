import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { SQSClient } from '@aws-sdk/client-sqs';
import { HealthIndicatorService } from '@nestjs/terminus';
import { SqsService } from '@ssut/nestjs-sqs';
import { APP_CONFIG, ProcessorConfig } from '@app/config';
import { receiveErrorsTotal } from '@app/observability';
import { OrderMessageHandler } from '../messages/order-message.handler';
import { ConsumerSlots } from './consumer-slots';
import { ReceiveBackoff } from './receive-backoff';
import { ConsumerError, receiveErrorClass } from './receive-error';

export const RECEIVE_BACKOFFS = Symbol('RECEIVE_BACKOFFS');
export const CONSUMERS_SQS_CLIENT = Symbol('CONSUMERS_SQS_CLIENT');

/** The log line of a receive SQS refuses (access denied, no such queue): a fault of the deployment. */
export const SQS_RECEIVE_REFUSED =
  'SQS receive refused: a deployment fault (e.g. a missing IAM permission or a wrong queue URL), not an outage; backing off';

/** Receive failures in a row after which the processor reports SQS unhealthy. */
const UNHEALTHY_AFTER_FAILURES = 3;

/**
 * Watches the consumers @ssut/nestjs-sqs created: counts receive errors, backs
 * off while SQS is unreachable, reports health, and on shutdown (SIGTERM, also
 * the Fargate Spot notice) stops receiving and waits for in-flight orders up to
 * SHUTDOWN_TIMEOUT_MS. The library's own teardown stops consumers but does not
 * wait for them; this waits.
 */
@Injectable()
export class OrderConsumers
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly logger = new Logger(OrderConsumers.name);

  constructor(
    private readonly sqs: SqsService,
    private readonly handler: OrderMessageHandler,
    private readonly health: HealthIndicatorService,
    @Inject(RECEIVE_BACKOFFS) private readonly backoffs: Map<string, ReceiveBackoff>,
    @Inject(APP_CONFIG) private readonly config: ProcessorConfig,
    @Inject(CONSUMERS_SQS_CLIENT) private readonly client: SQSClient,
    private readonly slots: ConsumerSlots,
  ) {}

  onApplicationShutdown(): void {
    // Closes pending long polls so the process can exit without waiting for them.
    this.client.destroy();
  }

  onApplicationBootstrap(): void {
    for (const [name, { instance }] of this.sqs.consumers) {
      const backoff = this.backoffs.get(name);
      instance.on('error', (error: Error, message: unknown) => {
        receiveErrorsTotal.inc();
        if (message) {
          this.logger.warn({ msg: 'SQS call about a message failed', consumer: name, error: error.message });
          return;
        }
        backoff?.failed();
        if (backoff?.consecutiveFailures === 1 || backoff?.consecutiveFailures === UNHEALTHY_AFTER_FAILURES) {
          if (receiveErrorClass(error) === 'rejected') {
            // No retry cures it: say what to fix, as for the processor's other SQS calls.
            this.logger.error({
              msg: SQS_RECEIVE_REFUSED,
              consumer: name,
              queue: this.config.ORDERS_QUEUE_URL,
              code: (error as ConsumerError).code,
              error: error.message,
            });
          } else {
            this.logger.warn({
              msg: 'SQS receive failed, backing off',
              consumer: name,
              error: error.message,
            });
          }
        }
      });
      const recovered = () => backoff?.succeeded();
      instance.on('empty', recovered);
      instance.on('response_processed', recovered);
    }
    this.logger.log({
      msg: 'order consumers started',
      consumers: this.sqs.consumers.size,
      concurrency: this.config.PROCESSOR_CONCURRENCY,
    });
  }

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    this.handler.stopAccepting();
    for (const { instance } of this.sqs.consumers.values()) instance.stop();
    // Handlers waiting for a free slot return; their consumers poll no more.
    this.slots.pool.close();
    const inFlight = this.handler.inFlightCount;
    this.logger.log({
      msg: 'shutting down: draining in-flight orders',
      signal,
      inFlight,
      timeoutMs: this.config.SHUTDOWN_TIMEOUT_MS,
    });
    const { finished, released } = await this.handler.drain(this.config.SHUTDOWN_TIMEOUT_MS);
    this.logger.log({ msg: 'drain complete', finished, released });
  }

  /** Terminus check: every consumer running and SQS answering. */
  check() {
    const indicator = this.health.check('consumers');
    const consumers = [...this.sqs.consumers.values()];
    const running = consumers.filter((c) => c.instance.status.isRunning).length;
    const failing = [...this.backoffs.values()].filter(
      (b) => b.consecutiveFailures >= UNHEALTHY_AFTER_FAILURES,
    ).length;
    const details = {
      running,
      total: consumers.length,
      failingReceives: failing,
      inFlight: this.handler.inFlightCount,
      slots: { busy: this.slots.pool.busySlots, reserved: this.slots.pool.reservedSlots },
    };
    return running === consumers.length && consumers.length > 0 && failing === 0
      ? indicator.up(details)
      : indicator.down(details);
  }
}
