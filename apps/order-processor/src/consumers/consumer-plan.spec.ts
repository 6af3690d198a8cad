import { initialReceiveWindows } from './consumer-plan';

describe(initialReceiveWindows.name, () => {
  it.each([
    [1, [1]],
    [10, [10]],
    [15, [10, 5]],
    [20, [10, 10]],
    [7, [7]],
  ])('concurrency %i → windows %j', (concurrency, windows) => {
    expect(initialReceiveWindows(concurrency)).toEqual(windows);
  });

  it.each([1, 9, 10, 11, 250, 999, 1000])(
    'concurrency %i: ceil(C / 10) consumers whose windows add up to C',
    (concurrency) => {
      const sut = initialReceiveWindows(concurrency);
      expect(sut).toHaveLength(Math.ceil(concurrency / 10));
      expect(Math.max(...sut)).toBeLessThanOrEqual(10);
      expect(sut.reduce((a, b) => a + b, 0)).toBe(concurrency);
    },
  );

  it('rejects a concurrency below 1', () => {
    expect(() => initialReceiveWindows(0)).toThrow(/concurrency/);
  });
});
