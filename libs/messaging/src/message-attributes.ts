import { MessageAttributeValue } from '@aws-sdk/client-sqs';

/** Message attribute naming the order a message carries (set by the receiver and the processor). */
export const ORDER_ID_ATTRIBUTE = 'orderId';

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
