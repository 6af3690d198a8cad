import { SQS_MAX_BATCH } from './consumer-plan';
import { SlotPool } from './slot-pool';

/**
 * One consumer's reserved slots: the `MaxNumberOfMessages` of its next
 * receive. Messages that arrive take their slots from it; before the next
 * receive it is topped up from the pool, waiting only when it holds none.
 */
export class ReceiveWindow {
  private reserved = 0;

  constructor(
    private readonly pool: SlotPool,
    private readonly max = SQS_MAX_BATCH,
  ) {}

  /** Messages the next receive may bring. */
  get size(): number {
    return this.reserved;
  }

  /** Reserves the first window (before the consumer's first receive); returns its size. */
  open(initial: number): number {
    this.reserved += this.pool.takeNow(Math.min(initial, this.max - this.reserved));
    return this.reserved;
  }

  /** `count` messages arrived: their reserved slots are busy now. */
  admit(count: number): void {
    if (count > this.reserved) {
      throw new Error(`a receive brought ${count} messages for ${this.reserved} reserved slots`);
    }
    this.pool.start(count);
    this.reserved -= count;
  }

  /**
   * Tops the window up for the next receive: with slots still held, at once to
   * what is free; with none, waits for free ones. Returns the new size; 0 only
   * once the pool is closed (shutdown).
   */
  async refill(): Promise<number> {
    if (this.reserved > 0) this.reserved += this.pool.takeNow(this.max - this.reserved);
    else this.reserved += await this.pool.take(this.max);
    return this.reserved;
  }
}
