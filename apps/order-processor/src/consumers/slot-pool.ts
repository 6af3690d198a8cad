interface Waiter {
  readonly max: number;
  readonly resolve: (taken: number) => void;
  timer?: NodeJS.Timeout;
}

/**
 * The processor's PROCESSOR_CONCURRENCY slots. Each slot is free, reserved by
 * a consumer for the messages its next receive may bring, or busy with an
 * order; `free + reserved + busy = capacity` always. A consumer asks for
 * `MaxNumberOfMessages` only as many messages as it holds reserved slots, so
 * no received message waits for a slot, and no more than `capacity` orders run.
 *
 * Slots are handed out first come, first served. A consumer that holds none
 * waits for one, then up to `fillWaitMs` longer for up to its `max` (a fuller
 * receive, fewer calls); it never waits while `max` are free.
 */
export class SlotPool {
  private free: number;
  private busy = 0;
  private readonly waiters: Waiter[] = [];
  private closed = false;

  constructor(
    readonly capacity: number,
    private readonly fillWaitMs: number,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error('capacity must be a positive integer');
    this.free = capacity;
  }

  get freeSlots(): number {
    return this.free;
  }

  get busySlots(): number {
    return this.busy;
  }

  get reservedSlots(): number {
    return this.capacity - this.free - this.busy;
  }

  /** Reserves up to `max` free slots now, without waiting; none while others wait for slots. */
  takeNow(max: number): number {
    if (this.closed || this.waiters.length > 0) return 0;
    const taken = Math.min(max, this.free);
    this.free -= taken;
    return taken;
  }

  /** Reserves between 1 and `max` slots once free (see the class comment); 0 once the pool is closed. */
  take(max: number): Promise<number> {
    if (this.closed) return Promise.resolve(0);
    return new Promise((resolve) => {
      this.waiters.push({ max, resolve });
      this.serve();
    });
  }

  /** Reserved slots become busy: their messages arrived. */
  start(count: number): void {
    if (count > this.reservedSlots) {
      throw new Error(`${count} orders started with ${this.reservedSlots} slots reserved`);
    }
    this.busy += count;
  }

  /** A busy slot is free again: its order is done. */
  finish(): void {
    if (this.busy === 0) throw new Error('no order in flight to finish');
    this.busy--;
    this.free++;
    this.serve();
  }

  /** Reserved slots a consumer gives back unused. */
  unreserve(count: number): void {
    if (count > this.reservedSlots)
      throw new Error(`${count} slots given back, ${this.reservedSlots} reserved`);
    this.free += count;
    this.serve();
  }

  /** Shutdown: every waiter gets 0 slots, and so does every later request. */
  close(): void {
    this.closed = true;
    for (const waiter of this.waiters.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.resolve(0);
    }
  }

  private serve(): void {
    while (this.waiters.length > 0 && this.free > 0) {
      const head = this.waiters[0];
      if (this.free < head.max && this.fillWaitMs > 0) {
        head.timer ??= setTimeout(() => this.handOut(head), this.fillWaitMs);
        return;
      }
      this.handOut(head);
    }
  }

  private handOut(waiter: Waiter): void {
    clearTimeout(waiter.timer);
    const index = this.waiters.indexOf(waiter);
    if (index < 0) return;
    waiter.timer = undefined;
    if (this.free === 0) return; // taken meanwhile: waits on for the next free slot
    this.waiters.splice(index, 1);
    const taken = Math.min(waiter.max, this.free);
    this.free -= taken;
    waiter.resolve(taken);
    this.serve();
  }
}
