import { Order } from '@app/domain';

/** An order as the receiver accepts it: what the repository stores and the topic carries. */
export function costOrder(orderId: string): Order {
  return { orderId, customerId: 'cost-1', items: [{ productId: 'sku-1', quantity: 2, price: 9.5 }] };
}
