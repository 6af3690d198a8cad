import { assertCapacitySplit, assertFargateSize } from './fargate-sizing';

describe(assertFargateSize.name, () => {
  it.each([
    [256, 512],
    [512, 1024],
    [1024, 8192],
    [4096, 30720],
  ])('accepts %p CPU with %p MiB', (cpu, memory) => {
    expect(() => assertFargateSize(cpu, memory)).not.toThrow();
  });

  it.each([
    [300, 512, /Invalid Fargate CPU/],
    [256, 4096, /Invalid Fargate memory/],
    [1024, 1024, /Invalid Fargate memory/],
  ])('rejects %p CPU with %p MiB', (cpu, memory, error) => {
    expect(() => assertFargateSize(cpu, memory)).toThrow(error);
  });
});

describe(assertCapacitySplit.name, () => {
  it('accepts an all-Spot split and a base on FARGATE', () => {
    expect(() => assertCapacitySplit('x', { fargateBase: 0, fargateWeight: 0, spotWeight: 1 })).not.toThrow();
    expect(() => assertCapacitySplit('x', { fargateBase: 2, fargateWeight: 1, spotWeight: 3 })).not.toThrow();
  });

  it('rejects zero total weight and fractional or negative values', () => {
    expect(() => assertCapacitySplit('x', { fargateBase: 1, fargateWeight: 0, spotWeight: 0 })).toThrow(
      /above 0/,
    );
    expect(() => assertCapacitySplit('x', { fargateBase: -1, fargateWeight: 1, spotWeight: 0 })).toThrow(
      /fargateBase/,
    );
    expect(() => assertCapacitySplit('x', { fargateBase: 0, fargateWeight: 1.5, spotWeight: 0 })).toThrow(
      /fargateWeight/,
    );
  });
});
