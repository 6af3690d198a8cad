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
