import { openLoopRate, saturated } from './receiver-limits';

describe(openLoopRate.name, () => {
  it('keeps the requested rate below half the accept ceiling, and caps it above', () => {
    expect(openLoopRate(100, 400)).toBe(100);
    expect(openLoopRate(100, 36.6)).toBe(18);
    expect(openLoopRate(100)).toBe(100);
    expect(openLoopRate(100, 1)).toBe(1);
  });
});

describe(saturated.name, () => {
  const run = { targetPerSecond: 96, seconds: 30, sent: 2880, sentPerSecond: 96, errorsBy: {}, maxMs: 0 };
  it('calls a run with errors or a p99 over a second saturated', () => {
    expect(saturated({ ...run, errors: 3, p50Ms: 20, p99Ms: 40 })).toBe(true);
    expect(saturated({ ...run, errors: 0, p50Ms: 900, p99Ms: 9446 })).toBe(true);
    expect(saturated({ ...run, errors: 0, p50Ms: 20, p99Ms: 180 })).toBe(false);
  });
});
