import { MessageAttributeValue } from '@aws-sdk/client-sqs';

/** Message attribute naming the order a message carries (set by the receiver and the processor). */
export const ORDER_ID_ATTRIBUTE = 'orderId';

/**
 * Message attribute saying how the message's order is addressed in the orders table. Every
 * message the receiver publishes carries `ORDER_KEYS.customerOrder`: by (customerId, orderId).
 * A message without it was published while orders were keyed by orderId alone, and its order,
 * if stored at all, is in the legacy table (`legacyTable` in resourceNames; docs/migration.md).
 * A redrive and the processor's copies keep it, as they keep every attribute but the dead-letter ones.
 */
export const ORDER_KEY_ATTRIBUTE = 'orderKey';

/** The values of ORDER_KEY_ATTRIBUTE. */
export const ORDER_KEYS = { customerOrder: 'customer-order' } as const;

/** Whether a message predates orders keyed by customer: it carries no ORDER_KEY_ATTRIBUTE of ours. */
export function isLegacyOrderMessage(attributes: Record<string, MessageAttributeValue> | undefined): boolean {
  return attributes?.[ORDER_KEY_ATTRIBUTE]?.StringValue !== ORDER_KEYS.customerOrder;
}

/**
 * The attributes the receiver publishes an order with: its id, its key's shape and, for a sync
 * order's backstop, its hold (epoch ms). SNS passes them on to the queue as message attributes.
 */
export function orderMessageAttributes(
  order: { readonly orderId: string },
  options: { readonly holdUntil?: number } = {},
): Record<string, { DataType: 'String' | 'Number'; StringValue: string }> {
  return {
    [ORDER_ID_ATTRIBUTE]: { DataType: 'String', StringValue: order.orderId },
    [ORDER_KEY_ATTRIBUTE]: { DataType: 'String', StringValue: ORDER_KEYS.customerOrder },
    ...(options.holdUntil !== undefined
      ? { [HOLD_UNTIL_ATTRIBUTE]: { DataType: 'Number', StringValue: String(options.holdUntil) } }
      : {}),
  };
}

/**
 * Message attribute of a sync order's backstop message: the processor does not
 * claim the order before this instant (epoch ms), when the receiver that runs
 * it inline would have finished or its lease expired.
 */
export const HOLD_UNTIL_ATTRIBUTE = 'holdUntil';

/**
 * Message attributes the processor adds when it dead-letters a message: they
 * describe the dead-lettering, so the operator's listing reads them and a
 * redrive drops them.
 */
export const DEAD_LETTER_ATTRIBUTES = {
  /** Why the message was dead-lettered. */
  failureReason: 'failureReason',
  /** The id of the message it was copied from. */
  sourceMessageId: 'sourceMessageId',
} as const;

/**
 * Received message attributes in the shape SendMessage accepts: a received
 * attribute may also carry empty list fields (StringListValues, ...), which
 * SQS does not take back.
 */
export function sendableAttributes(
  attributes: Record<string, MessageAttributeValue> | undefined,
): Record<string, MessageAttributeValue> {
  return Object.fromEntries(
    Object.entries(attributes ?? {}).map(([name, { DataType, StringValue, BinaryValue }]) => [
      name,
      BinaryValue !== undefined ? { DataType, BinaryValue } : { DataType, StringValue },
    ]),
  );
}
