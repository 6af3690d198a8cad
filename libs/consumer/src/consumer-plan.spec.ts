import { consumerBatchSizes } from './consumer-plan';

describe(consumerBatchSizes.name, () => {
  it.each([
    [10, 1, 10, 1],
    [1, 1, 1, 1],
    [15, 10, 2, 10],
    [500, 10, 50, 10],
    [7, 3, 3, 3],
  ])(
    'concurrency %i with batch %i → %i consumers, largest batch %i',
    (concurrency, batch, consumers, largest) => {
      const sut = consumerBatchSizes(concurrency, batch);
      expect(sut).toHaveLength(consumers);
      expect(Math.max(...sut)).toBe(largest);
      expect(sut.reduce((a, b) => a + b, 0)).toBe(concurrency);
    },
  );

  it('caps the batch at the SQS maximum of 10', () => {
    expect(consumerBatchSizes(25, 50)).toEqual([10, 10, 5]);
  });

  it('rejects a concurrency below 1', () => {
    expect(() => consumerBatchSizes(0, 1)).toThrow(/concurrency/);
  });
});
