import { Inject, Injectable, Logger } from '@nestjs/common';
import { Message } from '@aws-sdk/client-sqs';
import { backOff } from 'exponential-backoff';
import { APP_CONFIG, ProcessorConfig } from '@app/config';
import {
  orderProcessingDuration,
  orderProcessingDurationsMs,
  ordersInFlight,
  ordersTotal,
} from '@app/observability';
import { outageRetries } from '@app/aws';
import { legacyTableOf } from '@app/aws-resources';
import { HOLD_UNTIL_ATTRIBUTE, isLegacyOrderMessage, parseOrderMessage } from '@app/messaging';
import { OrderKey } from '@app/domain';
import { isLastAttemptOfRun, OrderProcessingService, RetryPolicy } from '@app/processing';
import {
  decideGiveBack,
  decideLegacyBackstop,
  decideMalformed,
  decideOutcome,
  MessageAction,
  MessageContext,
  MessageDecision,
} from './message-decision';
import { SqsMessageActions } from './sqs-message.actions';

/** What became of the message once handled: deleted (acknowledged), or left in the queue. */
export type MessageDisposition = 'ack' | 'keep';

/**
 * Turns one SQS message into one processing run, in three steps: run the order
 * (unless the message is malformed or a backstop still on hold), decide the
 * message's fate from the outcome (message-decision.ts, pure), and act on SQS
 * once (SqsMessageActions). Malformed → dead-letter queue; completed or
 * duplicate → deleted; failed with attempts left in the run → back in the
 * queue after a growing delay; failed on the run's last attempt (from the
 * order's record: MAX_RECEIVE_COUNT claims per run) → recorded FAILED and
 * dead-lettered; held by a live worker → retried after its lease. While
 * DynamoDB or SQS is unreachable the run, and then the action on the message,
 * wait with backoff (the message stays hidden by the heartbeat), so an outage
 * does not burn receive counts and push good orders into the dead-letter
 * queue, nor leave one there without its reason.
 */
@Injectable()
export class OrderMessageHandler {
  private readonly logger = new Logger(OrderMessageHandler.name);
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
    this.retry = (call) => {
      const retryable = outageRetries();
      return backOff(call, {
        numOfAttempts: Number.MAX_SAFE_INTEGER,
        startingDelay: 200,
        maxDelay: 5000,
        jitter: 'full',
        retry: (error: unknown) => retryable(error) && !this.shutdown.signal.aborted,
      });
    };
  }

  /** Orders being worked on now. */
  get inFlightCount(): number {
    return this.inFlight.size;
  }

  /**
   * Handles the message and settles it: an acknowledged message is deleted
   * here, not by sqs-consumer after the handler returns, so that the drain on
   * shutdown also waits for the delete: a delete left to sqs-consumer races
   * the process exit, and the message comes back as a duplicate (or, on its
   * last receive, goes to the dead-letter queue without a reason).
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
    const context = this.contextOf(message);
    const decision = stopping ? Promise.resolve(decideGiveBack(context, 0)) : this.decide(message, context);
    const run = decision
      .then((decided) => this.act(message, decided))
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

  private contextOf(message: Message): MessageContext {
    const hold = message.MessageAttributes?.[HOLD_UNTIL_ATTRIBUTE]?.StringValue;
    return {
      messageId: message.MessageId,
      receiveCount: Number(message.Attributes?.ApproximateReceiveCount ?? '1'),
      maxReceiveCount: this.config.MAX_RECEIVE_COUNT,
      retryBaseDelayMs: this.config.RETRY_BASE_DELAY_MS,
      holdUntil: hold === undefined ? undefined : Number(hold),
      legacy: isLegacyOrderMessage(message.MessageAttributes),
    };
  }

  /** Runs the message's order, unless there is none to run yet, and decides the message's fate. */
  private async decide(message: Message, context: MessageContext): Promise<MessageDecision> {
    const parsed = parseOrderMessage(message.Body);
    if (!parsed.ok) return decideMalformed(context, parsed.reason);
    const { order } = parsed;
    const { holdUntil } = context;
    if (context.legacy) {
      // Before the hold: the receiver that holds it records the order in the legacy table, never here.
      if (holdUntil !== undefined)
        return decideLegacyBackstop(order, legacyTableOf(this.config.ORDERS_TABLE_NAME));
      // Its body has the whole order and its customer: it is created in this table if absent, as any async order.
      this.logger.log({
        msg: 'legacy order message processed in the customer-keyed table',
        orderId: order.orderId,
        customerId: order.customerId,
        messageId: context.messageId,
      });
    }
    if (holdUntil !== undefined && holdUntil > Date.now()) {
      // A sync order's backstop: the receiver runs it now; look again once its lease would have expired.
      return decideGiveBack(context, (holdUntil - Date.now()) / 1000);
    }
    const stopTimer = orderProcessingDuration.startTimer();
    const abort = new AbortController();
    this.orderAborts.add(abort);
    const outcome = await this.processing
      .process(order, {
        channel: 'async',
        // From the record, not the receive count: a receive that ran nothing costs no attempt.
        isFinalAttempt: (record) => isLastAttemptOfRun(record, context.maxReceiveCount),
        leaseMs: this.config.VISIBILITY_TIMEOUT_SECONDS * 1000,
        retry: this.retry,
        signal: abort.signal,
        // A backstop finishes the order its sync request stored; it never creates one.
        createIfAbsent: holdUntil === undefined,
      })
      .finally(() => this.orderAborts.delete(abort));
    const seconds = stopTimer({ outcome: outcome.kind });
    if (outcome.kind === 'completed' || outcome.kind === 'failed')
      orderProcessingDurationsMs.add(seconds * 1000);
    return decideOutcome(context, order, outcome);
  }

  /**
   * Carries the decision out on SQS, then logs and counts it. The delete comes
   * last, in `settle`, once the consumer's slot is free again. Each SQS call is
   * retried through an outage (until shutdown) while the heartbeat keeps the
   * message hidden: given up, the message would show again, and on its last
   * receive SQS would move it to the dead-letter queue without a reason.
   */
  private async act(message: Message, decision: MessageDecision): Promise<MessageDisposition> {
    const { action } = decision;
    await this.retry(() => this.callSqs(message, action));
    if (action.kind === 'dead-letter' && action.clearsAwaitingDeadLetter && action.order) {
      await this.recordDeadLettered(action.order);
    }
    if (decision.log) {
      const { level, ...line } = decision.log;
      this.logger[level](line);
    }
    if (decision.counted) ordersTotal.inc({ outcome: decision.counted, channel: 'async' });
    return action.kind === 'delay' ? 'keep' : 'ack';
  }

  /** The action's SQS call, if it makes one before the slot is free (a delete waits for `settle`). */
  private async callSqs(message: Message, action: MessageAction): Promise<void> {
    switch (action.kind) {
      case 'dead-letter':
        return this.actions.deadLetter(message, action.reason, action.order?.orderId);
      case 'requeue':
        return this.actions.requeue(message, action.seconds);
      case 'delay':
        return this.actions.delay(message, action.seconds);
      case 'delete':
        return;
    }
  }

  private async settle(message: Message, disposition: MessageDisposition): Promise<MessageDisposition> {
    if (disposition === 'ack') {
      try {
        await this.retry(() => this.actions.acknowledge(message));
      } finally {
        // A delete retried through an outage kept the message hidden meanwhile; that is over.
        this.actions.release(message);
      }
    }
    return disposition;
  }

  /**
   * The FAILED order's awaited dead letter is sent: recorded so that later copies of its
   * message are acknowledged as duplicates. Best effort: should the write fail, a later copy
   * sends one more dead letter, which a redrive handles as any other.
   */
  private async recordDeadLettered(key: OrderKey): Promise<void> {
    try {
      await this.processing.recordDeadLettered(key, this.retry);
    } catch (error) {
      this.logger.warn({
        msg: 'dead letter of a failed sync order not recorded',
        ...key,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
}
