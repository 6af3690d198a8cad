import { Inject, Injectable, Logger } from '@nestjs/common';
import { Message } from '@aws-sdk/client-sqs';
import { backOff } from 'exponential-backoff';
import { APP_CONFIG, ProcessorConfig } from '@app/config';
import { orderProcessingDuration, ordersInFlight, ordersTotal } from '@app/observability';
import { DependencyUnavailableError } from '../errors';
import { parseOrderMessage } from '../messaging/order-message';
import { SqsMessageActions } from '../messaging/sqs-message.actions';
import { OrderProcessingService, RetryPolicy } from './order-processing.service';

/** What to do with the message once handled: delete it, or leave it in the queue. */
export type MessageDisposition = 'ack' | 'keep';

/**
 * Turns one SQS message into one processing run and decides the message's fate:
 * malformed → dead-letter queue; completed or duplicate → deleted; failed with
 * retries left → back in the queue after a growing delay; failed on the last
 * receive → recorded FAILED and dead-lettered; held by a live worker → retried
 * after its lease. While DynamoDB is unreachable the run waits with backoff
 * (the message stays hidden by the consumer's heartbeat), so an outage does not
 * burn receive counts and push good orders into the dead-letter queue.
 */
@Injectable()
export class OrderMessageProcessor {
  private readonly logger = new Logger(OrderMessageProcessor.name);
  private readonly shutdown = new AbortController();
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly retry: RetryPolicy;
  private stopping = false;

  constructor(
    private readonly processing: OrderProcessingService,
    private readonly actions: SqsMessageActions,
    @Inject(APP_CONFIG) private readonly config: ProcessorConfig,
  ) {
    this.retry = (call) =>
      backOff(call, {
        numOfAttempts: Number.MAX_SAFE_INTEGER,
        startingDelay: 200,
        maxDelay: 5000,
        jitter: 'full',
        retry: (error: unknown) => error instanceof DependencyUnavailableError && !this.shutdown.signal.aborted,
      });
  }

  /** Orders being worked on now. */
  get inFlightCount(): number {
    return this.inFlight.size;
  }

  async handle(message: Message): Promise<MessageDisposition> {
    if (this.stopping) {
      // Received during shutdown: give it straight back.
      await this.actions.delay(message, 0);
      return 'keep';
    }
    const run = this.handleOne(message);
    this.inFlight.add(run);
    ordersInFlight.inc();
    try {
      return await run;
    } finally {
      this.inFlight.delete(run);
      ordersInFlight.dec();
    }
  }

  /** Waits up to `timeoutMs` for in-flight orders, then interrupts the rest, which release their orders. */
  async drain(timeoutMs: number): Promise<{ finished: number; released: number }> {
    this.stopAccepting();
    const pending = [...this.inFlight];
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((ok) => (timer = setTimeout(() => ok('timeout'), timeoutMs)));
    const result = await Promise.race([Promise.allSettled(pending).then(() => 'done' as const), timedOut]);
    clearTimeout(timer);
    const released = result === 'timeout' ? this.inFlight.size : 0;
    this.shutdown.abort();
    await Promise.allSettled([...this.inFlight]);
    return { finished: pending.length - released, released };
  }

  /** From now on, messages still delivered are given straight back to the queue. */
  stopAccepting(): void {
    this.stopping = true;
  }

  private async handleOne(message: Message): Promise<MessageDisposition> {
    const receiveCount = Number(message.Attributes?.ApproximateReceiveCount ?? '1');
    const parsed = parseOrderMessage(message.Body);
    if (!parsed.ok) {
      this.logger.warn({ msg: 'malformed message sent to the dead-letter queue', messageId: message.MessageId, reason: parsed.reason });
      await this.actions.deadLetter(message, `malformed message: ${parsed.reason}`);
      ordersTotal.inc({ outcome: 'dead_lettered', channel: 'async' });
      return 'ack';
    }
    const { order } = parsed;
    const orderId = order.orderId;
    const stopTimer = orderProcessingDuration.startTimer();
    const outcome = await this.processing.process(order, {
      channel: 'async',
      isFinalAttempt: receiveCount >= this.config.MAX_RECEIVE_COUNT,
      leaseMs: this.config.VISIBILITY_TIMEOUT_SECONDS * 1000,
      retry: this.retry,
      signal: this.shutdown.signal,
    });
    stopTimer({ outcome: outcome.kind });
    switch (outcome.kind) {
      case 'completed':
        ordersTotal.inc({ outcome: 'completed', channel: 'async' });
        return 'ack';
      case 'duplicate':
        this.logger.log({ msg: 'duplicate delivery acknowledged', orderId, status: outcome.record.status });
        ordersTotal.inc({ outcome: 'duplicate', channel: 'async' });
        return 'ack';
      case 'failed':
        await this.actions.deadLetter(message, outcome.reason, orderId);
        this.logger.warn({ msg: 'failed order sent to the dead-letter queue', orderId, attempts: outcome.record.attempts });
        ordersTotal.inc({ outcome: 'failed', channel: 'async' });
        return 'ack';
      case 'conflict':
        await this.actions.deadLetter(message, `order ${orderId} exists with a different body`, orderId);
        this.logger.warn({ msg: 'conflicting message sent to the dead-letter queue', orderId });
        ordersTotal.inc({ outcome: 'dead_lettered', channel: 'async' });
        return 'ack';
      case 'retry': {
        const delayMs = this.config.RETRY_BASE_DELAY_MS * 2 ** Math.max(0, outcome.attempts - 1);
        await this.actions.delay(message, delayMs / 1000);
        ordersTotal.inc({ outcome: 'retried', channel: 'async' });
        return 'keep';
      }
      case 'busy':
        await this.actions.delay(message, outcome.retryAfterMs / 1000 + 1);
        return 'keep';
      case 'lease-lost':
        await this.actions.delay(message, 1);
        return 'keep';
      case 'aborted':
        await this.actions.delay(message, 0);
        return 'keep';
    }
  }
}
