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

const RANK: Record<OrderStatus, number> = {
  [OrderStatus.PENDING]: 0,
  [OrderStatus.PROCESSING]: 1,
  [OrderStatus.COMPLETED]: 2,
  [OrderStatus.FAILED]: 2,
};

export function isFinal(status: OrderStatus): boolean {
  return status === OrderStatus.COMPLETED || status === OrderStatus.FAILED;
}

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  if (isFinal(from)) return false;
  return RANK[to] > RANK[from] || (from === OrderStatus.PROCESSING && to === OrderStatus.PROCESSING);
}
