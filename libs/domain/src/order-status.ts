/**
 * The order lifecycle. An order only ever moves forward:
 * PENDING → PROCESSING → COMPLETED | FAILED (PROCESSING may be re-entered by a
 * retry, which is not a move backwards).
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
