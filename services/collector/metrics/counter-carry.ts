import type { MetricSnapshot__Output } from '../../../proto/generated/autotune/v1/MetricSnapshot';

/**
 * Keeps the cumulative counters of the collector's snapshots monotonic across a template
 * reset. Dropping the replaced bench database takes its share of the summed pg_stat_database
 * counters (and its pg_stat_statements entries) with it, so a snapshot after the reset would
 * read lower than one before, and the environment's rates over a run would come out as 0 (a
 * counter that went down reads as reset, lib/metrics/snapshot-rates.ts). What a reset took
 * away is added back to every later snapshot.
 */
export class CounterCarry {
  private readonly carried = new Map<string, number>();

  /** Records what disappeared between a snapshot just before a reset and one just after. */
  record(before: MetricSnapshot__Output, after: MetricSnapshot__Output): void {
    const earlier = new Map(before.metrics.filter((m) => m.counter).map((m) => [m.name, m.value]));
    for (const m of after.metrics) {
      const previous = earlier.get(m.name);
      if (!m.counter || previous === undefined || m.value >= previous) continue;
      this.carried.set(m.name, (this.carried.get(m.name) ?? 0) + previous - m.value);
    }
  }

  /** `snapshot` with what earlier resets took away added back to its counters. */
  apply(snapshot: MetricSnapshot__Output): MetricSnapshot__Output {
    if (this.carried.size === 0) return snapshot;
    return {
      ...snapshot,
      metrics: snapshot.metrics.map((m) => (m.counter && this.carried.has(m.name) ? { ...m, value: m.value + this.carried.get(m.name)! } : m)),
    };
  }
}
