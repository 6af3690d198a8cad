/**
 * Whether a process's memory stayed flat over a long run:
 * after a warm-up, the median of the first third of the samples against the
 * median of the last third. Medians, because a garbage-collected heap saws up
 * and down between collections.
 */

export interface MemorySample {
  readonly seconds: number;
  /** Orders completed when the sample was taken. */
  readonly orders: number;
  readonly rssMiB?: number;
  readonly heapUsedMiB?: number;
}

export interface MemoryTrend {
  readonly fromMiB: number;
  readonly toMiB: number;
  readonly growthMiB: number;
  readonly flat: boolean;
}

/** Growth allowed between the two windows: 10 % of where it started, at least this many MiB. */
export const FLAT_TOLERANCE = { share: 0.1, minMiB: 8 } as const;
/** Share of the run's orders treated as warm-up (caches, JIT, socket pools filling). */
export const WARM_UP_SHARE = 0.2;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The trend of one field, or undefined with fewer than 6 samples after the warm-up. */
export function memoryTrend(
  samples: readonly MemorySample[],
  field: 'rssMiB' | 'heapUsedMiB',
): MemoryTrend | undefined {
  const total = Math.max(0, ...samples.map((s) => s.orders));
  const values = samples
    .filter((s) => s.orders >= total * WARM_UP_SHARE && s[field] !== undefined)
    .map((s) => s[field] as number);
  if (values.length < 6) return undefined;
  const third = Math.floor(values.length / 3);
  const fromMiB = median(values.slice(0, third));
  const toMiB = median(values.slice(-third));
  const growthMiB = toMiB - fromMiB;
  return {
    fromMiB,
    toMiB,
    growthMiB,
    flat: growthMiB <= Math.max(FLAT_TOLERANCE.minMiB, FLAT_TOLERANCE.share * fromMiB),
  };
}
