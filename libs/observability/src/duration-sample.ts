import { EMF_MAX_VALUES_PER_METRIC } from '@app/aws-resources';

/**
 * A uniform random sample of at most `capacity` values out of all added since the last `drain`
 * (reservoir sampling, Vitter's algorithm R): each add is constant time and memory stays bounded
 * however many orders a period has. Up to `capacity` values per period it keeps every one, so the
 * percentiles CloudWatch computes from them are exact; beyond, they are estimates from the sample.
 */
export class DurationSample {
  private values: number[] = [];
  private seen = 0;

  constructor(
    private readonly capacity = EMF_MAX_VALUES_PER_METRIC,
    private readonly random: () => number = Math.random,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new Error(`DurationSample: invalid capacity ${capacity}`);
  }

  add(value: number): void {
    this.seen += 1;
    if (this.values.length < this.capacity) {
      this.values.push(value);
      return;
    }
    const slot = Math.floor(this.random() * this.seen);
    if (slot < this.capacity) this.values[slot] = value;
  }

  /** The sample, and how many values it was drawn from; starts a new period. */
  drain(): { values: number[]; seen: number } {
    const drained = { values: this.values, seen: this.seen };
    this.values = [];
    this.seen = 0;
    return drained;
  }
}
