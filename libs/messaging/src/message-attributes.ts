import { MessageAttributeValue } from '@aws-sdk/client-sqs';

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
