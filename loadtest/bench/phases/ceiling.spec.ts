import { ordersPerSecond } from './ceiling';

describe(ordersPerSecond.name, () => {
  it("adds up the costs of an order's calls when one emulator process serves them all", () => {
    // 2 writes at 100/s (20 ms) + 1 publish at 200/s (5 ms) = 25 ms an order.
    expect(ordersPerSecond(100, 200, false)).toBeCloseTo(40);
  });

  it('takes the slower process when DynamoDB has a process of its own', () => {
    expect(ordersPerSecond(500, 194, true)).toBe(194);
    expect(ordersPerSecond(300, 194, true)).toBe(150);
  });
});
