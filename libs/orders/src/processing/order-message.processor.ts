import { Inject, Injectable, Logger } from '@nestjs/common';
import { Message } from '@aws-sdk/client-sqs';
import { backOff } from 'exponential-backoff';
import { APP_CONFIG, ProcessorConfig } from '@app/config';
import { orderProcessingDuration, ordersInFlight, ordersTotal } from '@app/observability';
import { DependencyUnavailableError } from '../errors';
import { parseOrderMessage } from '../messaging/order-message';
import { HOLD_UNTIL_ATTRIBUTE } from '../messaging/order.publisher';
import { SqsMessageActions } from '../messaging/sqs-message.actions';
import { OrderProcessingService, RetryPolicy } from './order-processing.service';

/** What became of the message once handled: deleted (acknowledged), or left in the queue. */
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
  /** Fired once on shutdown: stops the outage retries. */
  private readonly shutdown = new AbortController();
  /**
   * One abort controller per order in flight, aborted on shutdown. Not one signal
   * shared by every order: each order's sleep would add a listener to it, and a
   * busy processor would warn of a listener leak (MaxListenersExceededWarning).
   */
  private readonly orderAborts = new Set<AbortController>();
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
        retry: (error: unknown) =>
          error instanceof DependencyUnavailableError && !this.shutdown.signal.aborted,
      });
  }

  /** Orders being worked on now. */
  get inFlightCount(): number {
    return this.inFlight.size;
  }

  /**
   * Handles the message and settles it: an acknowledged message is deleted
   * here, not by sqs-consumer after the handler returns, so that the drain on
   * shutdown also waits for the delete. (Left to sqs-consumer, the delete of
   * an order finished during the drain raced the process exit; the message
   * came back as a duplicate, or, on its last receive, went to the
   * dead-letter queue without a reason.)
   *
   * The message is kept hidden by a heartbeat while its order runs. `processed`
   * is called once the order's work is over and only the delete (coalesced with
   * others, see SqsMessageActions) remains: the consumer's slot is free then.
   */
  async handle(message: Message, processed?: () => void): Promise<MessageDisposition> {
    // Received during shutdown: given straight back, but tracked so the exit waits for it.
    const stopping = this.stopping;
    this.actions.hold(message);
    if (!stopping) ordersInFlight.inc();
    const work = stopping ? this.giveBack(message, 0) : this.handleOne(message);
    const run = work
      .finally(() => {
        this.actions.release(message);
        if (!stopping) ordersInFlight.dec();
        processed?.();
      })
      .then((disposition) => this.settle(message, disposition));
    this.inFlight.add(run);
    try {
      return await run;
    } finally {
      this.inFlight.delete(run);
    }
  }

  private async settle(message: Message, disposition: MessageDisposition): Promise<MessageDisposition> {
    if (disposition === 'ack') await this.actions.acknowledge(message);
    return disposition;
  }

  /** Waits up to `timeoutMs` for in-flight orders, then interrupts the rest, which release their orders. */
  async drain(timeoutMs: number): Promise<{ finished: number; released: number }> {
    this.stopAccepting();
    const pending = [...this.inFlight];
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((ok) => (timer = setTimeout(() => ok('timeout'), timeoutMs)));
    const result = await Promise.race([Promise.allSettled(pending).then(() => 'done' as const), timedOut]);
    clearTimeout(timer);
    const released = result === 'timeout' ? pending.filter((run) => this.inFlight.has(run)).length : 0;
    this.shutdown.abort();
    for (const abort of this.orderAborts) abort.abort();
    await Promise.allSettled([...this.inFlight]);
    return { finished: pending.length - released, released };
  }

  /** From now on, messages still delivered are given straight back to the queue. */
  stopAccepting(): void {
    this.stopping = true;
  }

  private async handleOne(message: Message): Promise<MessageDisposition> {
    const receiveCount = receiveCountOf(message);
    const parsed = parseOrderMessage(message.Body);
    if (!parsed.ok) {
      this.logger.warn({
        msg: 'malformed message sent to the dead-letter queue',
        messageId: message.MessageId,
        reason: parsed.reason,
      });
      await this.actions.deadLetter(message, `malformed message: ${parsed.reason}`);
      ordersTotal.inc({ outcome: 'dead_lettered', channel: 'async' });
      return 'ack';
    }
    const { order } = parsed;
    const orderId = order.orderId;
    const holdAttribute = message.MessageAttributes?.[HOLD_UNTIL_ATTRIBUTE]?.StringValue;
    const holdUntil = Number(holdAttribute ?? 0);
    if (holdUntil > Date.now()) {
      // A sync order's backstop: the receiver runs it now; look again once its lease would have expired.
      return this.giveBack(message, (holdUntil - Date.now()) / 1000);
    }
    const stopTimer = orderProcessingDuration.startTimer();
    const abort = new AbortController();
    this.orderAborts.add(abort);
    const outcome = await this.processing
      .process(order, {
        channel: 'async',
        isFinalAttempt: () => receiveCount >= this.config.MAX_RECEIVE_COUNT,
        leaseMs: this.config.VISIBILITY_TIMEOUT_SECONDS * 1000,
        retry: this.retry,
        signal: abort.signal,
      })
      .finally(() => this.orderAborts.delete(abort));
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
        this.logger.warn({
          msg: 'failed order sent to the dead-letter queue',
          orderId,
          attempts: outcome.record.attempts,
        });
        ordersTotal.inc({ outcome: 'failed', channel: 'async' });
        return 'ack';
      case 'conflict':
        if (holdAttribute !== undefined) {
          // The backstop of a sync request that was answered 409: nothing was accepted, nothing to keep.
          this.logger.log({ msg: 'backstop of a conflicting sync request dropped', orderId });
          return 'ack';
        }
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
        return this.giveBack(message, outcome.retryAfterMs / 1000 + 1);
      case 'lease-lost':
        return this.giveBack(message, 1);
      case 'aborted':
        return this.giveBack(message, 0);
      case 'rejected':
        return this.rejected(message, orderId, outcome.reason, receiveCount);
    }
  }

  /**
   * A dependency refused a call for this order (validation, access denied): not an
   * outage, so not retried as one. It counts as an attempt; on the last receive the
   * message goes to the dead-letter queue with the reason, and other orders flow meanwhile.
   */
  private async rejected(
    message: Message,
    orderId: string,
    reason: string,
    receiveCount: number,
  ): Promise<MessageDisposition> {
    if (receiveCount >= this.config.MAX_RECEIVE_COUNT) {
      await this.actions.deadLetter(message, reason, orderId);
      this.logger.warn({ msg: 'refused order sent to the dead-letter queue', orderId, reason });
      ordersTotal.inc({ outcome: 'dead_lettered', channel: 'async' });
      return 'ack';
    }
    await this.actions.delay(message, (this.config.RETRY_BASE_DELAY_MS * 2 ** (receiveCount - 1)) / 1000);
    ordersTotal.inc({ outcome: 'retried', channel: 'async' });
    return 'keep';
  }

  /**
   * Returns a message whose run did not count as an attempt (shutdown, another
   * live holder, a lost lease) for a receive after `seconds`. On the last
   * receive that must not leave it in the queue: the next receive would exceed
   * the queue's maxReceiveCount, and SQS would move it to the dead-letter queue
   * by itself, without a reason and with the order stuck PROCESSING. There a
   * fresh copy (receive count 1) goes to the queue and the original is acknowledged.
   */
  private async giveBack(message: Message, seconds: number): Promise<MessageDisposition> {
    if (receiveCountOf(message) >= this.config.MAX_RECEIVE_COUNT) {
      await this.actions.requeue(message, seconds);
      this.logger.log({
        msg: 'message requeued as a fresh copy on its last receive',
        messageId: message.MessageId,
      });
      return 'ack';
    }
    await this.actions.delay(message, seconds);
    return 'keep';
  }
}

function receiveCountOf(message: Message): number {
  return Number(message.Attributes?.ApproximateReceiveCount ?? '1');
}
