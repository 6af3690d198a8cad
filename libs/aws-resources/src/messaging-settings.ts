/**
 * Queue settings shared by the processor (which must know when an attempt is the
 * last one), the local provisioning and the infrastructure.
 */
export const MESSAGING_SETTINGS = {
  /** Receives before SQS moves a message to the dead-letter queue. */
  maxReceiveCount: 5,
  /**
   * Queue default visibility timeout. The processor extends visibility with a
   * heartbeat while an order runs, so this only bounds how long a crashed
   * worker's message stays hidden.
   */
  visibilityTimeoutSeconds: 30,
  /** Long-poll wait of ReceiveMessage. */
  receiveWaitTimeSeconds: 20,
  /** 4 days on the main queue, 14 days (the SQS maximum) on the DLQ to leave time to redrive. */
  messageRetentionSeconds: 4 * 24 * 3600,
  deadLetterRetentionSeconds: 14 * 24 * 3600,
  /** SNS → SQS delivers the published JSON as the SQS body, without the SNS envelope. */
  rawMessageDelivery: true,
} as const;
