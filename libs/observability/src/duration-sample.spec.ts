import { DurationSample } from './duration-sample';

describe(DurationSample.name, () => {
  it('keeps every value up to its capacity, then starts over after a drain', () => {
    const sut = new DurationSample(3);
    [5, 6, 7].forEach((v) => sut.add(v));

    expect(sut.drain()).toEqual({ values: [5, 6, 7], seen: 3 });
    expect(sut.drain()).toEqual({ values: [], seen: 0 });
  });

  it('holds at most its capacity, replacing a kept value with probability capacity/seen', () => {
    // random() picks the slot: 0.5 × 4 → slot 2 (kept, replaces the third); 0.9 × 5 → slot 4 (dropped).
    const randoms = [0.5, 0.9];
    const sut = new DurationSample(3, () => randoms.shift()!);
    [1, 2, 3, 4, 5].forEach((v) => sut.add(v));

    expect(sut.drain()).toEqual({ values: [1, 2, 4], seen: 5 });
  });

  it('samples uniformly: over many periods each value is kept about equally often', () => {
    const sut = new DurationSample(10);
    const kept = new Array<number>(100).fill(0);
    for (let period = 0; period < 2000; period++) {
      for (let v = 0; v < 100; v++) sut.add(v);
      for (const v of sut.drain().values) kept[v] += 1;
    }
    // Each value is expected 2000 × 10/100 = 200 times.
    for (const count of kept) expect(Math.abs(count - 200)).toBeLessThan(80);
  });

  it('refuses a capacity below 1', () => {
    expect(() => new DurationSample(0)).toThrow(/invalid capacity/);
  });
});
