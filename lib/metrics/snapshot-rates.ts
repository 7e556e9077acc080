import type { Metric__Output } from '../../proto/generated/autotune/v1/Metric';
import type { MetricRates__Output } from '../../proto/generated/autotune/v1/MetricRates';
import type { MetricSnapshot__Output } from '../../proto/generated/autotune/v1/MetricSnapshot';
import { InvalidArgumentError } from '../core/errors';
import { derivedMetrics } from './derived-metrics';
import { byName } from './metric-order';

/**
 * The window between two snapshots as rates: counters per second, gauges as last seen,
 * plus the derived gauges (derived-metrics.ts), sorted by name.
 *
 * A counter that went down was reset in the window (pg_stat_reset, a restart, a crash): its
 * delta is unknown, and 0 is reported rather than a negative rate that would swamp the
 * state's running normalization. A counter missing from either snapshot (a view that
 * appeared or vanished, such as pg_stat_statements) is left out.
 */
export function snapshotRates(before: MetricSnapshot__Output, after: MetricSnapshot__Output): MetricRates__Output {
  const windowS = (after.takenAtMs - before.takenAtMs) / 1000;
  if (!(windowS > 0)) {
    throw new InvalidArgumentError(
      'after',
      `the snapshot must be taken after the first one (window ${windowS} s: taken at ${after.takenAtMs} ms, first at ${before.takenAtMs} ms)`,
    );
  }
  const earlier = new Map(before.metrics.map((m) => [m.name, m.value]));
  const deltas = new Map<string, number>();
  const metrics: Metric__Output[] = [];
  for (const m of after.metrics) {
    if (!m.counter) {
      metrics.push({ name: m.name, value: m.value, counter: false });
      continue;
    }
    const previous = earlier.get(m.name);
    if (previous === undefined) continue;
    const delta = Math.max(0, m.value - previous);
    deltas.set(m.name, delta);
    metrics.push({ name: m.name, value: delta / windowS, counter: true });
  }
  metrics.push(...derivedMetrics(deltas));
  metrics.sort(byName);
  return { windowS, metrics };
}
