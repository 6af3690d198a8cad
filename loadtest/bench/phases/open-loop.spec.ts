import { describeErrors, percentile } from './open-loop';

describe(percentile.name, () => {
  const hundred = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1, unsorted

  it('takes the nearest rank', () => {
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
  });

  it('is 0 without values', () => {
    expect(percentile([], 99)).toBe(0);
  });
});

describe(describeErrors.name, () => {
  it('lists the kinds of error, the most frequent first', () => {
    expect(describeErrors({ timeout: 3, '503': 12, '429': 1 })).toBe('503: 12, timeout: 3, 429: 1');
  });
});
