/**
 * The order lifecycle: PENDING → PROCESSING → COMPLETED | FAILED. PROCESSING
 * is re-entered by a retry; only an operator's redrive takes a FAILED order
 * back to PROCESSING, for a new run (see DynamoOrderRepository.reopenFailed).
 */
export enum OrderStatus {
  PENDING = 'PENDING',
  PROCESSING = 'PROCESSING',
  COMPLETED = 'COMPLETED',
  FAILED = 'FAILED',
}

/** COMPLETED or FAILED: nothing runs the order again unless an operator redrives it. */
export function isFinal(status: OrderStatus): boolean {
  return status === OrderStatus.COMPLETED || status === OrderStatus.FAILED;
}
