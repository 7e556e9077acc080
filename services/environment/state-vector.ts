import type { KnobSetting__Output as KnobSetting } from '../../proto/generated/autotune/v1/KnobSetting';
import type { MetricRates__Output } from '../../proto/generated/autotune/v1/MetricRates';
import type { MetricSnapshot__Output } from '../../proto/generated/autotune/v1/MetricSnapshot';
import { InvalidArgumentError } from '../../lib/core/errors';
import { byName } from '../../lib/metrics/metric-order';
import { snapshotRates } from '../../lib/metrics/snapshot-rates';
import { knobsToAction, type KnobDimensionLike } from '../../knobs/action-mapping';

/** Prefix of the knob-position entries of the state: `knob.work_mem`. */
export const KNOB_STATE_PREFIX = 'knob.';

/**
 * The environment's state vector: names, not positions, define it. Fixed when the
 * environment opens, from a snapshot of the server and the tuned knobs:
 *
 * - every metric the window's rates carry (snapshotRates: counters as per-second rates over
 *   the benchmark window, e.g. `database.xact_commit`; gauges as last seen, e.g.
 *   `database.numbackends`; the derived ratios `derived.buffer_hit_ratio`,
 *   `derived.temp_bytes_per_xact`), raw: the learner normalizes with its running mean/std;
 * - `knob.<name>` for each tuned knob: its value in effect as a position in [-1,1] on the
 *   knob's own scale (knobsToAction: -1 the safe minimum, +1 the maximum, log knobs
 *   geometrically; a value outside the range sits at its edge).
 *
 * All sorted by name (code-unit order), so the layout is the same on every machine and
 * every run. A metric that is missing from a later window (a view that vanished) reads 0
 * and one that appeared is ignored: the vector keeps its length for the whole session.
 * Non-finite values read 0, so a broken statistic never reaches the network as NaN.
 */
export class StateVector {
  private constructor(
    readonly names: readonly string[],
    private readonly dims: readonly KnobDimensionLike[],
  ) {}

  /**
   * The layout for a server whose statistics look like `snapshot`: the metric names the
   * rates between two such snapshots would have, plus the knob positions.
   */
  static fromSnapshot(snapshot: MetricSnapshot__Output, dims: readonly KnobDimensionLike[]): StateVector {
    // Rates of the snapshot against itself one second later: exactly the names a real window yields.
    const names = snapshotRates(snapshot, { ...snapshot, takenAtMs: snapshot.takenAtMs + 1000 }).metrics.map((m) => m.name);
    return StateVector.fromNames(names, dims);
  }

  /** The layout from metric names (any order) and the tuned knobs. */
  static fromNames(metricNames: readonly string[], dims: readonly KnobDimensionLike[]): StateVector {
    const entries = new Set<string>();
    for (const name of metricNames) {
      if (name.startsWith(KNOB_STATE_PREFIX)) {
        throw new InvalidArgumentError('metrics', `"${name}" collides with the knob positions' prefix ${KNOB_STATE_PREFIX}`);
      }
      entries.add(name);
    }
    for (const dim of dims) entries.add(`${KNOB_STATE_PREFIX}${dim.name}`);
    const names = [...entries].map((name) => ({ name })).sort(byName).map((e) => e.name);
    return new StateVector(Object.freeze(names), dims);
  }

  get length(): number {
    return this.names.length;
  }

  /**
   * The vector for one measured window: `rates` between the snapshots around the benchmark
   * (or null when nothing was measured: the metrics read 0) and `knobs`, the tuned knobs'
   * values in effect (a knob not given reads 0, the middle of its range).
   */
  build(rates: MetricRates__Output | null, knobs: readonly KnobSetting[]): number[] {
    const values = new Map<string, number>();
    for (const m of rates?.metrics ?? []) values.set(m.name, m.value);
    const given = new Map(knobs.map((k) => [k.name, k.value]));
    for (const dim of this.dims) {
      const value = given.get(dim.name);
      values.set(`${KNOB_STATE_PREFIX}${dim.name}`, value === undefined ? 0 : knobPosition(value, dim));
    }
    return this.names.map((name) => {
      const value = values.get(name);
      return value !== undefined && Number.isFinite(value) ? value : 0;
    });
  }
}

/**
 * A knob value as a position in [-1,1]. A value the space cannot place (a choice outside
 * the allowed ones, such as synchronous_commit = local; text that is not a number) reads 0.
 */
export function knobPosition(value: string, dim: KnobDimensionLike): number {
  try {
    return knobsToAction([{ name: dim.name, value }], [dim])[0]!;
  } catch (err) {
    if (err instanceof InvalidArgumentError) return 0;
    throw err;
  }
}
