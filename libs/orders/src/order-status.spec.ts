import { canTransition, isFinal, OrderStatus } from './order-status';

const { PENDING, PROCESSING, COMPLETED, FAILED } = OrderStatus;

describe('OrderStatus', () => {
  it.each([
    [PENDING, PROCESSING, true],
    [PENDING, COMPLETED, true],
    [PROCESSING, PROCESSING, true],
    [PROCESSING, COMPLETED, true],
    [PROCESSING, FAILED, true],
    [PROCESSING, PENDING, false],
    [COMPLETED, PROCESSING, false],
    [COMPLETED, FAILED, false],
    [FAILED, COMPLETED, false],
    [PENDING, PENDING, false],
  ])('%s → %s allowed: %s', (from, to, expected) => {
    expect(canTransition(from, to)).toBe(expected);
  });

  it('knows the final states', () => {
    expect([PENDING, PROCESSING, COMPLETED, FAILED].filter(isFinal)).toEqual([COMPLETED, FAILED]);
  });
});
