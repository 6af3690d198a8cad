import { LRUCache } from 'lru-cache';
import { Order, OrderConflictError, orderFingerprint, OrderKey, OrderStatus } from '@app/domain';
import type { OrderRecord } from '@app/storage';

/** Enough for the orders clients still repeat; a record is about 1 KB. */
const MAX_ENTRIES = 10_000;

/**
 * COMPLETED orders this process has seen, by customer and id. COMPLETED is the one state nothing changes (a
 * redrive reopens only FAILED orders), so a repeat of such an order is answered from here: no
 * DynamoDB call and, for a sync repeat, no backstop published.
 */
export class FinishedOrdersCache {
  private readonly records = new LRUCache<string, OrderRecord>({ max: MAX_ENTRIES });

  remember(record: OrderRecord | undefined): void {
    if (record?.status === OrderStatus.COMPLETED) this.records.set(cacheKey(record), record);
  }

  /** The COMPLETED record of this order if known; a 409 if the id holds another order. */
  lookup(order: Order): OrderRecord | undefined {
    const record = this.records.get(cacheKey(order));
    if (record && record.fingerprint !== orderFingerprint(order)) throw new OrderConflictError(order.orderId);
    return record;
  }
}

/** One entry per (customerId, orderId); JSON keeps a customerId holding any separator unambiguous. */
function cacheKey(key: OrderKey): string {
  return JSON.stringify([key.customerId, key.orderId]);
}
