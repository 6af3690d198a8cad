import { createHash } from 'node:crypto';

/** One line of an order: a product, how many, at what unit price (at most 2 decimals). */
export interface OrderItem {
  readonly productId: string;
  readonly quantity: number;
  readonly price: number;
}

/** A validated order with its id settled: what is published and processed. */
export interface Order {
  readonly orderId: string;
  readonly customerId: string;
  readonly items: readonly OrderItem[];
}

/**
 * What addresses one order: the customer, and the order's id among that customer's orders. An
 * orderId is unique per customer only; two customers may use the same one for two orders.
 */
export type OrderKey = Pick<Order, 'customerId' | 'orderId'>;

/** The key of an order, without its other fields. */
export function orderKeyOf(key: OrderKey): OrderKey {
  return { customerId: key.customerId, orderId: key.orderId };
}

/**
 * The API path of one order (GET answers it; a 202's statusUrl and Location name it). A
 * customerId is any text without control characters, so it is percent-encoded.
 */
export function orderStatusPath(key: OrderKey): string {
  return `/customers/${encodeURIComponent(key.customerId)}/orders/${encodeURIComponent(key.orderId)}`;
}

/** Sum of quantity × price, in cents precision. */
export function totalAmount(order: Pick<Order, 'items'>): number {
  const cents = order.items.reduce((sum, item) => sum + Math.round(item.price * 100) * item.quantity, 0);
  return cents / 100;
}

/**
 * Stable hash of what the client asked for (customer and items, not the id).
 * Two requests with one orderId are "the same order" exactly when their
 * fingerprints match; otherwise the second is a 409.
 */
export function orderFingerprint(order: Pick<Order, 'customerId' | 'items'>): string {
  const canonical = JSON.stringify([
    order.customerId,
    order.items.map((i) => [i.productId, i.quantity, i.price]),
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** Copies only the known fields, so nothing unvalidated reaches storage. */
export function toOrder(orderId: string, input: Pick<Order, 'customerId' | 'items'>): Order {
  return {
    orderId,
    customerId: input.customerId,
    items: input.items.map(({ productId, quantity, price }) => ({ productId, quantity, price })),
  };
}
