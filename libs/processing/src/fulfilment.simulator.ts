import { Inject, Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { APP_CONFIG, CommonConfig } from '@app/config';
import { FulfilmentFailedError, Order } from '@app/domain';

export type RandomSource = () => number;

/** One run of an order's fulfilment, as a real downstream would see it. */
export interface FulfilmentRun {
  /** The same for every attempt of one run of an order; a redrive after a failure starts a new run. */
  readonly idempotencyKey?: string;
  readonly signal?: AbortSignal;
}
export const FULFILMENT_RANDOM = Symbol('FULFILMENT_RANDOM');

/**
 * Stands in for the real work of fulfilling an order (payment, stock, shipping):
 * it takes PROCESSING_TIME_MS (± PROCESSING_JITTER_MS) and fails with
 * probability FAILURE_RATE. The sync endpoint and the processor both run it.
 */
@Injectable()
export class FulfilmentSimulator {
  constructor(
    @Inject(APP_CONFIG) private readonly config: CommonConfig,
    @Inject(FULFILMENT_RANDOM) private readonly random: RandomSource,
  ) {}

  durationMs(): number {
    const { PROCESSING_TIME_MS: base, PROCESSING_JITTER_MS: jitter } = this.config;
    if (jitter === 0) return base;
    return Math.max(0, Math.round(base + (this.random() * 2 - 1) * jitter));
  }

  /**
   * Rejects with an AbortError when `signal` fires first (shutdown, or a lost lease).
   * A real downstream (payment, shipping) would receive `run.idempotencyKey` and
   * deduplicate on it: every attempt of one run of an order sends the same key.
   */
  async fulfil(order: Order, run: FulfilmentRun = {}): Promise<void> {
    const { signal } = run;
    const duration = this.durationMs();
    signal?.throwIfAborted();
    if (duration > 0) await sleep(duration, undefined, { signal });
    if (this.random() < this.config.FAILURE_RATE) {
      throw new FulfilmentFailedError(`payment declined for order ${order.orderId} (simulated failure)`);
    }
  }
}
