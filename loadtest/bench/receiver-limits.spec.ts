import { openLoopRate } from './receiver-limits';

describe(openLoopRate.name, () => {
  it('keeps the requested rate below half the accept ceiling, and caps it above', () => {
    expect(openLoopRate(100, 400)).toBe(100);
    expect(openLoopRate(100, 36.6)).toBe(18);
    expect(openLoopRate(100)).toBe(100);
    expect(openLoopRate(100, 1)).toBe(1);
  });
});
