import type { MetricValue } from 'prom-client';

/** Totals of `orders_total` (what prom-client's `get()` answers) for one channel, by outcome label. */
export function totalsByOutcome(
  metric: { readonly values: readonly MetricValue<string>[] },
  channel: string,
): Map<string, number> {
  const totals = new Map<string, number>();
  for (const { labels, value } of metric.values) {
    if (labels.channel !== channel || typeof labels.outcome !== 'string') continue;
    totals.set(labels.outcome, (totals.get(labels.outcome) ?? 0) + value);
  }
  return totals;
}

/**
 * What each counter gained since the last call: prom-client's counters only grow, CloudWatch wants
 * the count of the period. A total that went down was reset (tests reset the registry): its whole
 * value is then the period's.
 */
export class CounterDeltas {
  private last = new Map<string, number>();

  next(totals: ReadonlyMap<string, number>): Map<string, number> {
    const deltas = new Map<string, number>();
    for (const [key, total] of totals) {
      const previous = this.last.get(key) ?? 0;
      deltas.set(key, total >= previous ? total - previous : total);
    }
    this.last = new Map(totals);
    return deltas;
  }
}
