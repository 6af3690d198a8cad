import { orderFingerprint, toOrder, totalAmount } from './order';

describe('order helpers', () => {
  const order = toOrder('o-1', {
    customerId: 'c-1',
    items: [
      { productId: 'p-1', quantity: 3, price: 0.1 },
      { productId: 'p-2', quantity: 1, price: 19.99 },
    ],
  });

  it('totals in cents without float drift', () => {
    expect(totalAmount(order)).toBe(20.29);
  });

  it('fingerprints the content, not the id', () => {
    expect(orderFingerprint(order)).toBe(orderFingerprint(toOrder('other-id', order)));
    expect(orderFingerprint(order)).not.toBe(
      orderFingerprint({ ...order, items: [{ productId: 'p-1', quantity: 4, price: 0.1 }] }),
    );
    expect(orderFingerprint(order)).not.toBe(orderFingerprint({ ...order, customerId: 'c-2' }));
  });

  it('drops unknown fields when copying', () => {
    const copied = toOrder('o-2', {
      customerId: 'c',
      items: [{ productId: 'p', quantity: 1, price: 1, extra: true } as never],
    });
    expect(copied.items[0]).toEqual({ productId: 'p', quantity: 1, price: 1 });
  });
});
