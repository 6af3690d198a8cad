import { steadyRate } from './sweep';

describe(steadyRate.name, () => {
  const waves = (concurrency: number, rounds: number, periodMs: number, offsetMs: number) =>
    Array.from({ length: rounds * 20 + 1 }, (_, i) => {
      const t = offsetMs + (i * periodMs) / 20;
      return { t, done: Math.min(rounds, Math.floor((t - offsetMs) / periodMs)) * concurrency };
    });

  it('measures concurrency / processing time from waves of orders, whatever the boot time', () => {
    expect(steadyRate(waves(10, 2, 1000, 3000), 20, 10)).toBeCloseTo(10, 0);
    expect(steadyRate(waves(50, 3, 1000, 200), 150, 50)).toBeCloseTo(50, 0);
  });

  it('measures a steady stream (an emulator-bound level)', () => {
    const samples = Array.from({ length: 200 }, (_, i) => ({ t: 5000 + i * 50, done: Math.floor(i * 1.5) }));
    expect(steadyRate(samples, 290, 100)).toBeCloseTo(30, 0);
  });
});
