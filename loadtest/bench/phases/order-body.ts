import { Order } from '@app/domain';

/** A valid order body, as the receiver accepts it and the processor receives it. */
export function orderBody(orderId: string): Order {
  return {
    orderId,
    customerId: `customer-${(orderId.length * 7919) % 5000}`,
    items: [
      { productId: 'sku-0042', quantity: 2, price: 19.99 },
      { productId: 'sku-0107', quantity: 1, price: 5.5 },
    ],
  };
}
