import type { Metric__Output } from '../../proto/generated/autotune/v1/Metric';

/** A gauge computed from the counters' deltas over a window. */
interface DerivedMetric {
  name: string;
  inputs: readonly string[];
  compute: (delta: (name: string) => number) => number;
}

export const DERIVED_METRICS: readonly DerivedMetric[] = [
  {
    // Share of block requests served from shared buffers. A window without any block
    // request missed nothing: 1, so the value is always defined and the state keeps its shape.
    name: 'derived.buffer_hit_ratio',
    inputs: ['database.blks_hit', 'database.blks_read'],
    compute: (d) => {
      const requests = d('database.blks_hit') + d('database.blks_read');
      return requests > 0 ? d('database.blks_hit') / requests : 1;
    },
  },
  {
    // Spill to disk per transaction: what work_mem is for. 0 without transactions.
    name: 'derived.temp_bytes_per_xact',
    inputs: ['database.temp_bytes', 'database.xact_commit', 'database.xact_rollback'],
    compute: (d) => {
      const xacts = d('database.xact_commit') + d('database.xact_rollback');
      return xacts > 0 ? d('database.temp_bytes') / xacts : 0;
    },
  },
];

/** The derived gauges whose inputs all have a delta. */
export function derivedMetrics(deltas: ReadonlyMap<string, number>): Metric__Output[] {
  return DERIVED_METRICS.filter((m) => m.inputs.every((i) => deltas.has(i))).map((m) => ({
    name: m.name,
    value: m.compute((name) => deltas.get(name)!),
    counter: false,
  }));
}
