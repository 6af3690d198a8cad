import { memoryTrend, MemorySample } from './memory-trend';

const run = (heapAt: (i: number) => number, n = 60): MemorySample[] =>
  Array.from({ length: n }, (_, i) => ({
    seconds: i,
    orders: i * 100,
    rssMiB: 100 + heapAt(i),
    heapUsedMiB: heapAt(i),
  }));

describe(memoryTrend.name, () => {
  it('calls a sawtooth around a steady level flat, whatever the warm-up did', () => {
    const sut = memoryTrend(
      run((i) => (i < 5 ? 10 + i * 10 : 30 + (i % 4) * 3)),
      'heapUsedMiB',
    );
    expect(sut).toMatchObject({ flat: true });
    expect(Math.abs(sut!.growthMiB)).toBeLessThan(4);
  });

  it('calls a steady climb a leak', () => {
    expect(
      memoryTrend(
        run((i) => 30 + i),
        'heapUsedMiB',
      ),
    ).toMatchObject({ flat: false });
    expect(
      memoryTrend(
        run((i) => 30 + i),
        'rssMiB',
      ),
    ).toMatchObject({ flat: false });
  });

  it('says nothing from too few samples', () => {
    expect(
      memoryTrend(
        run(() => 30, 4),
        'heapUsedMiB',
      ),
    ).toBeUndefined();
  });

  it('ignores samples without the field', () => {
    const samples = run(() => 30).map(({ heapUsedMiB: _, ...s }) => s);
    expect(memoryTrend(samples, 'heapUsedMiB')).toBeUndefined();
  });
});
