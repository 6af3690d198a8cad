import { CommonConfig } from '@app/config';
import { FulfilmentFailedError } from '@app/domain';
import { FulfilmentSimulator } from './fulfilment.simulator';

const order = { orderId: 'o-1', customerId: 'c', items: [{ productId: 'p', quantity: 1, price: 1 }] };
const config = (over: Partial<CommonConfig>) =>
  ({ PROCESSING_TIME_MS: 0, PROCESSING_JITTER_MS: 0, FAILURE_RATE: 0, ...over }) as CommonConfig;

describe(FulfilmentSimulator.name, () => {
  it('fails when the random draw is below FAILURE_RATE', async () => {
    const sut = new FulfilmentSimulator(config({ FAILURE_RATE: 0.5 }), () => 0.49);
    await expect(sut.fulfil(order)).rejects.toBeInstanceOf(FulfilmentFailedError);
  });

  it('succeeds when the draw is at or above FAILURE_RATE', async () => {
    const sut = new FulfilmentSimulator(config({ FAILURE_RATE: 0.5 }), () => 0.5);
    await expect(sut.fulfil(order)).resolves.toBeUndefined();
  });

  it('never fails with FAILURE_RATE 0, always with 1', async () => {
    await expect(new FulfilmentSimulator(config({}), () => 0).fulfil(order)).resolves.toBeUndefined();
    await expect(
      new FulfilmentSimulator(config({ FAILURE_RATE: 1 }), () => 0.999).fulfil(order),
    ).rejects.toThrow(/simulated failure/);
  });

  it('spreads the duration by the jitter, never below zero', () => {
    expect(
      new FulfilmentSimulator(
        config({ PROCESSING_TIME_MS: 1000, PROCESSING_JITTER_MS: 200 }),
        () => 0,
      ).durationMs(),
    ).toBe(800);
    expect(
      new FulfilmentSimulator(
        config({ PROCESSING_TIME_MS: 1000, PROCESSING_JITTER_MS: 200 }),
        () => 1,
      ).durationMs(),
    ).toBe(1200);
    expect(
      new FulfilmentSimulator(
        config({ PROCESSING_TIME_MS: 10, PROCESSING_JITTER_MS: 50 }),
        () => 0,
      ).durationMs(),
    ).toBe(0);
  });
});
