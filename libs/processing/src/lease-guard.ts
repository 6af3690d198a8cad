// `performance` is the global one, the same clock as node:perf_hooks' export, which a spec's fake
// timers (Jest) can move.

/**
 * Clocks of two tasks may disagree by this much at most: a holder stops its work
 * this long before its lease ends by its own clock, so that a worker whose clock is
 * ahead cannot take the order over while the first still works on it.
 */
export const MAX_CLOCK_SKEW_MS = 5000;

/**
 * The lease for a run planned to take `runMs` (processing time plus its jitter): the run plus three
 * times the clock-skew margin. A third of it is then at least MAX_CLOCK_SKEW_MS, so the holder keeps
 * the full margin (a shorter lease gets a third of itself), and unrenewed the holder may work until
 * the run's end plus twice the margin: a run as planned finishes even if every renewal fails.
 */
export function leaseMsFor(runMs: number): number {
  return runMs + 3 * MAX_CLOCK_SKEW_MS;
}

export interface LeaseGuardOptions {
  /** Extends the lease in storage; false when it was taken over, throws when storage failed. */
  readonly renew: () => Promise<boolean>;
  readonly leaseMs: number;
  /** Told of each renewal that failed without losing the lease (an outage), for the logs. */
  readonly onRenewalError?: (error: Error) => void;
}

/**
 * Fences one holder's work to its lease. A heartbeat renews the lease every
 * third of it, counted from when the lease was acquired; the work may go on only
 * until a local, monotonic deadline: the start of the last successful renewal
 * (or of the claim) plus the lease, less a margin for clock skew (MAX_CLOCK_SKEW_MS,
 * or a third of a lease shorter than leaseMsFor(0)). When renewals fail (an outage, a stalled connection) or the lease was
 * taken over, `signal` aborts before any other worker can claim the order, and
 * the holder must write nothing more.
 */
export class LeaseGuard {
  private readonly controller = new AbortController();
  private readonly marginMs: number;
  private deadline: number;
  private readonly renewEveryMs: number;
  private heartbeat?: NodeJS.Timeout;
  private expiry?: NodeJS.Timeout;
  private lostReason?: string;

  /** `acquiredAt`: `performance.now()` when the claim that granted the lease was sent. */
  constructor(
    private readonly options: LeaseGuardOptions,
    private readonly acquiredAt: number,
  ) {
    this.marginMs = Math.min(MAX_CLOCK_SKEW_MS, Math.floor(options.leaseMs / 3));
    this.deadline = acquiredAt + options.leaseMs - this.marginMs;
    this.renewEveryMs = Math.max(100, Math.floor(options.leaseMs / 3));
  }

  /** Aborts when the lease is lost or its local deadline passes unrenewed. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Why the lease was given up; undefined while it holds. */
  get lost(): string | undefined {
    return this.lostReason;
  }

  start(): this {
    this.armExpiry();
    // The deadline counts from the claim, so the renewals do too: a claim that took long to
    // answer has used up part of the lease before start(), and at once if a third of it is gone.
    const firstInMs = Math.max(0, this.acquiredAt + this.renewEveryMs - performance.now());
    this.heartbeat = setTimeout(() => {
      this.heartbeat = setInterval(() => this.renewOnce(), this.renewEveryMs);
      this.heartbeat.unref();
      this.renewOnce();
    }, firstInMs);
    this.heartbeat.unref();
    return this;
  }

  stop(): void {
    // One timer at a time: the first renewal's timeout, then the interval (either clear cancels both kinds).
    clearInterval(this.heartbeat);
    clearTimeout(this.expiry);
  }

  private renewOnce(): void {
    const sentAt = performance.now();
    this.options.renew().then(
      (renewed) => {
        if (!renewed) return this.lose('the lease was taken over by another worker');
        this.deadline = Math.max(this.deadline, sentAt + this.options.leaseMs - this.marginMs);
        this.armExpiry();
      },
      (error: Error) => this.options.onRenewalError?.(error),
    );
  }

  private armExpiry(): void {
    clearTimeout(this.expiry);
    if (this.lostReason) return;
    this.expiry = setTimeout(
      () => {
        if (performance.now() >= this.deadline) this.lose('the lease could not be renewed in time');
        else this.armExpiry();
      },
      Math.max(0, this.deadline - performance.now()),
    );
    this.expiry.unref();
  }

  private lose(reason: string): void {
    if (this.lostReason) return;
    this.lostReason = reason;
    this.stop();
    this.controller.abort(new Error(reason));
  }
}
