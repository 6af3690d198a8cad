/**
 * Fargate task sizes and capacity-provider splits: the combinations AWS accepts,
 * checked at synth time so a bad input fails `cdktf synth` instead of a deploy.
 */

/** Valid memory (MiB) per Fargate CPU size (units), from the ECS task-size table. */
const FARGATE_MEMORY_BY_CPU: Readonly<Record<number, readonly number[]>> = {
  256: [512, 1024, 2048],
  512: range(1024, 4096, 1024),
  1024: range(2048, 8192, 1024),
  2048: range(4096, 16384, 1024),
  4096: range(8192, 30720, 1024),
  8192: range(16384, 61440, 4096),
  16384: range(32768, 122880, 8192),
};

function range(from: number, to: number, step: number): number[] {
  const values: number[] = [];
  for (let value = from; value <= to; value += step) values.push(value);
  return values;
}

/** Throws unless `cpu`/`memory` is a task size Fargate can run. */
export function assertFargateSize(cpu: number, memory: number): void {
  const memories = FARGATE_MEMORY_BY_CPU[cpu];
  if (!memories) {
    throw new Error(
      `Invalid Fargate CPU ${cpu}: use one of ${Object.keys(FARGATE_MEMORY_BY_CPU).join(', ')} (1024 = 1 vCPU)`,
    );
  }
  if (!memories.includes(memory)) {
    throw new Error(
      `Invalid Fargate memory ${memory} MiB for CPU ${cpu}: use ${memories[0]}-${memories[memories.length - 1]} MiB`,
    );
  }
}

/**
 * How a service's tasks are split between on-demand FARGATE and FARGATE_SPOT:
 * the first `fargateBase` tasks run on FARGATE, the rest are spread by weight.
 */
export interface CapacitySplit {
  /** Tasks always placed on on-demand FARGATE before weights apply. */
  readonly fargateBase: number;
  /** Relative share of tasks beyond the base placed on FARGATE. */
  readonly fargateWeight: number;
  /** Relative share of tasks beyond the base placed on FARGATE_SPOT. */
  readonly spotWeight: number;
}

/** Throws unless the split is one ECS accepts and places at least some tasks. */
export function assertCapacitySplit(label: string, split: CapacitySplit): void {
  const { fargateBase, fargateWeight, spotWeight } = split;
  for (const [name, value, max] of [
    ['fargateBase', fargateBase, 100000],
    ['fargateWeight', fargateWeight, 1000],
    ['spotWeight', spotWeight, 1000],
  ] as const) {
    if (!Number.isInteger(value) || value < 0 || value > max) {
      throw new Error(`${label}: ${name} must be an integer from 0 to ${max}, got ${value}`);
    }
  }
  if (fargateWeight + spotWeight === 0) {
    throw new Error(`${label}: at least one of fargateWeight and spotWeight must be above 0`);
  }
}
