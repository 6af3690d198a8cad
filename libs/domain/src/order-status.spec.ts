import { isFinal, OrderStatus } from './order-status';

const { PENDING, PROCESSING, COMPLETED, FAILED } = OrderStatus;

describe('OrderStatus', () => {
  it('knows the final states', () => {
    expect([PENDING, PROCESSING, COMPLETED, FAILED].filter(isFinal)).toEqual([COMPLETED, FAILED]);
  });
});
