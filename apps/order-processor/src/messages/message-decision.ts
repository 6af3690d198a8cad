import type { ProcessOutcome } from '@app/processing';

/** What becomes of a message once its order's run is over. */
export type MessageAction =
  /** Delete it: the order is done with, or its state is recorded where it belongs. */
  | { readonly kind: 'delete' }
  /** Copy it to the dead-letter queue with the reason, then delete it. */
  | { readonly kind: 'dead-letter'; readonly reason: string; readonly orderId?: string }
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
 * Returns a message whose run did not count as an attempt (shutdown, another
 * live holder, a lost lease, a backstop's hold) for a receive after `seconds`.
 * On the last receive that must not leave it in the queue: the next receive
 * would exceed the queue's maxReceiveCount, and SQS would move it to the
 * dead-letter queue by itself, without a reason and with the order stuck
 * PROCESSING. There a fresh copy (receive count 1) goes to the queue and the
 * original is deleted.
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
  orderId: string,
  outcome: ProcessOutcome,
): MessageDecision {
  switch (outcome.kind) {
    case 'completed':
      return { action: { kind: 'delete' }, counted: 'completed' };
    case 'duplicate':
      return {
        action: { kind: 'delete' },
        log: { level: 'log', msg: 'duplicate delivery acknowledged', orderId, status: outcome.record.status },
        counted: 'duplicate',
      };
    case 'failed':
      return {
        action: { kind: 'dead-letter', reason: outcome.reason, orderId },
        log: {
          level: 'warn',
          msg: 'failed order sent to the dead-letter queue',
          orderId,
          attempts: outcome.record.attempts,
        },
        counted: 'failed',
      };
    case 'conflict':
      return decideConflict(context, orderId);
    case 'retry':
      return {
        action: { kind: 'delay', seconds: retryDelaySeconds(context, outcome.attempts) },
        counted: 'retried',
      };
    case 'busy':
      return decideGiveBack(context, outcome.retryAfterMs / 1000 + 1);
    case 'lease-lost':
      return decideGiveBack(context, 1);
    case 'aborted':
      return decideGiveBack(context, 0);
    case 'rejected':
      return decideRejected(context, orderId, outcome.reason);
  }
}

function decideConflict(context: MessageContext, orderId: string): MessageDecision {
  if (context.holdUntil !== undefined) {
    // The backstop of a sync request that was answered 409: nothing was accepted, nothing to keep.
    return {
      action: { kind: 'delete' },
      log: { level: 'log', msg: 'backstop of a conflicting sync request dropped', orderId },
    };
  }
  return {
    action: { kind: 'dead-letter', reason: `order ${orderId} exists with a different body`, orderId },
    log: { level: 'warn', msg: 'conflicting message sent to the dead-letter queue', orderId },
    counted: 'dead_lettered',
  };
}

/**
 * A dependency refused a call for this order (validation, access denied): not an
 * outage, so not retried as one. It counts as an attempt; on the last receive the
 * message goes to the dead-letter queue with the reason, and other orders flow meanwhile.
 */
function decideRejected(context: MessageContext, orderId: string, reason: string): MessageDecision {
  if (context.receiveCount >= context.maxReceiveCount) {
    return {
      action: { kind: 'dead-letter', reason, orderId },
      log: { level: 'warn', msg: 'refused order sent to the dead-letter queue', orderId, reason },
      counted: 'dead_lettered',
    };
  }
  return {
    action: { kind: 'delay', seconds: retryDelaySeconds(context, context.receiveCount) },
    counted: 'retried',
  };
}

/** The delay before the next attempt after `attempts` attempts: the base, doubled per attempt after the first. */
function retryDelaySeconds(context: MessageContext, attempts: number): number {
  return (context.retryBaseDelayMs * 2 ** Math.max(0, attempts - 1)) / 1000;
}
