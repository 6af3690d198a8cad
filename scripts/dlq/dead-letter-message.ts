import { Message, MessageAttributeValue } from '@aws-sdk/client-sqs';
import { ORDER_ID_PATTERN } from '@app/domain';
import {
  DEAD_LETTER_ATTRIBUTES,
  isLegacyOrderMessage,
  ORDER_ID_ATTRIBUTE,
  sendableAttributes,
} from '@app/messaging';

/** What `npm run dlq:show` lists of one dead-lettered message. */
export interface DeadLetterEntry {
  readonly messageId: string;
  /** From the orderId attribute, else from the body when it is an order; undefined for malformed bodies. */
  readonly orderId?: string;
  /** The customer whose order it is, from the body; undefined for malformed bodies. With orderId, the order's key. */
  readonly customerId?: string;
  /**
   * Published while orders were keyed by orderId alone (no orderKey attribute): its order, if
   * stored, is in the legacy table (docs/migration.md).
   */
  readonly legacy: boolean;
  readonly failureReason: string;
  /** How many times the dead-letter queue has handed the message out (listing it counts too). */
  readonly receiveCount?: number;
  readonly sentAt?: string;
  readonly bodyExcerpt: string;
}

export const BODY_EXCERPT_LENGTH = 120;

/** The attributes a redrive drops: they describe the dead-lettering, not the order. */
const DROPPED_ON_REDRIVE: readonly string[] = Object.values(DEAD_LETTER_ATTRIBUTES);

/** The id of the order a message carries: its orderId attribute, or the body's orderId. */
export function orderIdOf(message: Message): string | undefined {
  const attribute = message.MessageAttributes?.[ORDER_ID_ATTRIBUTE]?.StringValue;
  if (attribute && ORDER_ID_PATTERN.test(attribute)) return attribute;
  const id = bodyField(message, 'orderId');
  return id !== undefined && ORDER_ID_PATTERN.test(id) ? id : undefined;
}

/** The customer of the order a message carries, from its body. */
export function customerIdOf(message: Message): string | undefined {
  return bodyField(message, 'customerId');
}

/** A string field of the message's JSON body; undefined when the body or the field is not one. */
function bodyField(message: Message, field: 'orderId' | 'customerId'): string | undefined {
  try {
    const body: unknown = JSON.parse(message.Body ?? '');
    const value = (body as Record<string, unknown> | null)?.[field];
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

export function describeDeadLetter(message: Message): DeadLetterEntry {
  const body = message.Body ?? '';
  const receiveCount = Number(message.Attributes?.ApproximateReceiveCount);
  const sentAt = Number(message.Attributes?.SentTimestamp);
  return {
    messageId: message.MessageId ?? '',
    orderId: orderIdOf(message),
    customerId: customerIdOf(message),
    legacy: isLegacyOrderMessage(message.MessageAttributes),
    // SQS's own redrive (maxReceiveCount receives without a delete) leaves no reason behind.
    failureReason:
      message.MessageAttributes?.[DEAD_LETTER_ATTRIBUTES.failureReason]?.StringValue ??
      'moved by SQS after too many receives (no reason recorded)',
    receiveCount: Number.isFinite(receiveCount) ? receiveCount : undefined,
    sentAt: Number.isFinite(sentAt) ? new Date(sentAt).toISOString() : undefined,
    bodyExcerpt: body.length > BODY_EXCERPT_LENGTH ? `${body.slice(0, BODY_EXCERPT_LENGTH)}…` : body,
  };
}

/** The message attributes a redriven message goes back to the main queue with. */
export function redriveAttributes(message: Message, now: Date): Record<string, MessageAttributeValue> {
  const kept = Object.entries(sendableAttributes(message.MessageAttributes)).filter(
    ([name]) => !DROPPED_ON_REDRIVE.includes(name),
  );
  return {
    ...Object.fromEntries(kept),
    redrivenAt: { DataType: 'String', StringValue: now.toISOString() },
  };
}

/** Whether a redrive at or after `since` already sent this message back (it carries that redrive's mark). */
export function redrivenSince(message: Message, since: Date): boolean {
  const mark = Date.parse(message.MessageAttributes?.redrivenAt?.StringValue ?? '');
  return Number.isFinite(mark) && mark >= since.getTime();
}
