import { Order, OrderKey, orderKeyOf, OrderStatus } from '@app/domain';
import type { ProcessOutcome } from '@app/processing';

/** The order's record, as a run's outcome carries it. */
type OrderRecord = Extract<ProcessOutcome, { kind: 'duplicate' }>['record'];

/** What becomes of a message once its order's run is over. */
export type MessageAction =
  /** Delete it: the order is done with, or its state is recorded where it belongs. */
  | { readonly kind: 'delete' }
  /**
   * Copy it to the dead-letter queue with the reason, then delete it. `clearsAwaitingDeadLetter`:
   * the copy is the one a FAILED order awaited (see OrderRecord.awaitingDeadLetter); record it.
   */
  | {
      readonly kind: 'dead-letter';
      readonly reason: string;
      /** The order the message holds, when it holds one. */
      readonly order?: OrderKey;
      readonly clearsAwaitingDeadLetter?: true;
    }
  /** Leave it in the queue, hidden for `seconds` more (0: visible at once). */
  | { readonly kind: 'delay'; readonly seconds: number }
  /** Send a fresh copy (receive count 1) visible after `seconds`, then delete it. */
  | { readonly kind: 'requeue'; readonly seconds: number };

/** The `outcome` label of orders_total a decision counts once its action is done. */
export type CountedOutcome = 'completed' | 'duplicate' | 'failed' | 'retried' | 'dead_lettered';

/** One message's fate: the action, then the log line and the count that go with it. */
export interface MessageDecision {
  readonly action: MessageAction;
  readonly log?: { readonly level: 'log' | 'warn'; readonly msg: string } & Record<string, unknown>;
  readonly counted?: CountedOutcome;
}

/** What the decision needs to know of the message and of the queue. */
export interface MessageContext {
  readonly messageId?: string;
  /** SQS's ApproximateReceiveCount: 1 on the first receive. */
  readonly receiveCount: number;
  /** The queue's redrive count: the receive after this many goes to the dead-letter queue. */
  readonly maxReceiveCount: number;
  /** The delay before the first retry; each retry waits twice as long as the one before. */
  readonly retryBaseDelayMs: number;
  /**
   * A sync order's backstop carries a hold: the processor leaves the order alone until then
   * (epoch ms). Undefined for an async order's message.
   */
  readonly holdUntil?: number;
  /**
   * The message has no ORDER_KEY_ATTRIBUTE: it was published while orders were keyed by orderId
   * alone (see decideLegacyBackstop).
   */
  readonly legacy?: boolean;
}

/** A body that is not an order: nothing will ever make it one. */
export function decideMalformed(context: MessageContext, reason: string): MessageDecision {
  return {
    action: { kind: 'dead-letter', reason: `malformed message: ${reason}` },
    log: {
      level: 'warn',
      msg: 'malformed message sent to the dead-letter queue',
      messageId: context.messageId,
      reason,
    },
    counted: 'dead_lettered',
  };
}

/**
 * A sync order's backstop published while orders were keyed by orderId alone. The receiver that
 * ran its order stored it in the legacy table, which no app reads any more: this processor can
 * neither see whether the order finished nor finish it where it is recorded, and running it
 * in the customer-keyed table could fulfil it a second time. It goes to the dead-letter queue
 * with a reason naming the legacy table, for the operator (docs/migration.md).
 */
export function decideLegacyBackstop(order: Order, legacyTable: string | undefined): MessageDecision {
  const key = orderKeyOf(order);
  const table = legacyTable ?? "the legacy orders table (resourceNames' legacyTable)";
  return {
    action: {
      kind: 'dead-letter',
      reason:
        `legacy sync backstop: order ${key.orderId} of customer ${key.customerId} was run by a sync request ` +
        `that recorded it in ${table}, keyed by orderId alone; not run again here. See docs/migration.md`,
      order: key,
    },
    log: {
      level: 'warn',
      msg: 'legacy sync backstop sent to the dead-letter queue',
      ...key,
      legacyTable: table,
    },
    counted: 'dead_lettered',
  };
}

/**
 * Leaves the message to a receive after `seconds`: a run that is not over (a
 * failed attempt with attempts left, a refusal with attempts left) or that ran
 * nothing (shutdown, another live holder, a lost lease, a backstop's hold).
 * Whether an attempt was the run's last is read from the order's record
 * (attempts in the run), not from the receive count, so a receive that ran
 * nothing costs the order no attempt. On the queue's last receive that must
 * not leave it in the queue: the next receive would exceed the queue's
 * maxReceiveCount, and SQS would move it to the dead-letter queue by itself,
 * without a reason and with the order stuck PROCESSING. There a fresh copy
 * (receive count 1) goes to the queue and the original is deleted.
 */
export function decideGiveBack(context: MessageContext, seconds: number): MessageDecision {
  if (context.receiveCount >= context.maxReceiveCount) {
    return {
      action: { kind: 'requeue', seconds },
      log: {
        level: 'log',
        msg: 'message requeued as a fresh copy on its last receive',
        messageId: context.messageId,
      },
    };
  }
  return { action: { kind: 'delay', seconds } };
}

/** The message's fate given what the order's run came to. */
export function decideOutcome(
  context: MessageContext,
  order: OrderKey,
  outcome: ProcessOutcome,
): MessageDecision {
  const key = orderKeyOf(order);
  const { orderId, customerId } = key;
  switch (outcome.kind) {
    case 'completed':
      return { action: { kind: 'delete' }, counted: 'completed' };
    case 'duplicate':
      if (awaitsDeadLetter(outcome.record)) return decideAwaitedDeadLetter(key, outcome.record);
      return {
        action: { kind: 'delete' },
        log: {
          level: 'log',
          msg: 'duplicate delivery acknowledged',
          orderId,
          customerId,
          status: outcome.record.status,
        },
        counted: 'duplicate',
      };
    case 'absent':
      // Its request answered before storing anything (a 409, a 503): nothing was accepted to finish.
      return {
        action: { kind: 'delete' },
        log: {
          level: 'log',
          msg: 'backstop of a sync request that never stored its order',
          orderId,
          customerId,
        },
      };
    case 'failed':
      return {
        action: { kind: 'dead-letter', reason: outcome.reason, order: key },
        log: {
          level: 'warn',
          msg: 'failed order sent to the dead-letter queue',
          orderId,
          customerId,
          attempts: outcome.record.attempts,
        },
        counted: 'failed',
      };
    case 'conflict':
      return decideConflict(context, key);
    case 'retry':
      return {
        ...decideGiveBack(context, retryDelaySeconds(context, outcome.attempts)),
        counted: 'retried',
      };
    case 'busy':
      return decideGiveBack(context, outcome.retryAfterMs / 1000 + 1);
    case 'lease-lost':
      return decideGiveBack(context, 1);
    case 'aborted':
      return decideGiveBack(context, 0);
    case 'rejected':
      return decideRejected(context, key, outcome);
  }
}

/** A FAILED order whose failure was recorded by the sync endpoint, which had no message to dead-letter. */
function awaitsDeadLetter(record: OrderRecord): boolean {
  return record.status === OrderStatus.FAILED && record.awaitingDeadLetter === true;
}

/**
 * The order's backstop (or any copy of its message) takes it to the dead-letter queue with its
 * reason, as the processor does for an order it failed itself: one redrive path for every
 * FAILED order, whichever endpoint took it.
 */
function decideAwaitedDeadLetter(key: OrderKey, record: OrderRecord): MessageDecision {
  return {
    action: {
      kind: 'dead-letter',
      reason: record.failureReason ?? 'failed in the sync endpoint (no reason recorded)',
      order: key,
      clearsAwaitingDeadLetter: true,
    },
    log: {
      level: 'warn',
      msg: 'failed sync order sent to the dead-letter queue',
      ...key,
      attempts: record.attempts,
    },
    counted: 'dead_lettered',
  };
}

function decideConflict(context: MessageContext, key: OrderKey): MessageDecision {
  if (context.holdUntil !== undefined) {
    // The backstop of a sync request that was answered 409: nothing was accepted, nothing to keep.
    return {
      action: { kind: 'delete' },
      log: { level: 'log', msg: 'backstop of a conflicting sync request dropped', ...key },
    };
  }
  return {
    action: { kind: 'dead-letter', reason: `order ${key.orderId} exists with a different body`, order: key },
    log: { level: 'warn', msg: 'conflicting message sent to the dead-letter queue', ...key },
    counted: 'dead_lettered',
  };
}

/**
 * A dependency refused a call for this order (validation, access denied): not an
 * outage, so not retried as one, and other orders flow meanwhile. Refused after
 * the claim, it was an attempt, and the run's record says whether it was the
 * last (then the order is FAILED, or released if even that write was refused).
 * Refused at the claim, nothing was recorded: the receive count bounds it, and
 * on the queue's last receive the message goes to the dead-letter queue with
 * the reason.
 */
function decideRejected(
  context: MessageContext,
  key: OrderKey,
  outcome: Extract<ProcessOutcome, { kind: 'rejected' }>,
): MessageDecision {
  const { reason } = outcome;
  const last = outcome.final ?? context.receiveCount >= context.maxReceiveCount;
  if (last) {
    return {
      action: { kind: 'dead-letter', reason, order: key },
      log: { level: 'warn', msg: 'refused order sent to the dead-letter queue', ...key, reason },
      counted: 'dead_lettered',
    };
  }
  return {
    ...decideGiveBack(context, retryDelaySeconds(context, context.receiveCount)),
    counted: 'retried',
  };
}

/** The delay before the next attempt after `attempts` attempts: the base, doubled per attempt after the first. */
function retryDelaySeconds(context: MessageContext, attempts: number): number {
  return (context.retryBaseDelayMs * 2 ** Math.max(0, attempts - 1)) / 1000;
}
