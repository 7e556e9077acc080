import type { SyntheticEnvironment } from '../../model/synthetic-environment';
import type { KnobSetting__Output as KnobSetting } from '../../proto/generated/autotune/v1/KnobSetting';
import { InvalidArgumentError } from '../../lib/core/errors';

/** Knob values are written with this many decimals, as a server stores a setting in its own precision. */
const VALUE_DECIMALS = 2;

/**
 * A stand-in for a tuned server and its collector, over the synthetic surface of model/:
 * knobs `synthetic_1` .. `synthetic_<n>` with values in [-1, 1] (the surface's action box),
 * and the configuration in effect, which outlives any environment opened on it, as a real
 * server outlives a trainer that crashed. Values are rounded to VALUE_DECIMALS on the way in,
 * so the knobs read back are what was measured.
 */
export class SyntheticTarget {
  readonly knobNames: string[];
  readonly stateNames: string[];
  private readonly configuration: Float32Array;
  /** The configuration found at construction: what resetKnobs() restores. */
  private readonly original: Float32Array;

  constructor(private current: SyntheticEnvironment) {
    const surface = current;
    this.knobNames = Array.from({ length: surface.actionDim }, (_, i) => `synthetic_${i + 1}`);
    this.stateNames = ['throughput', ...Array.from({ length: surface.stateDim - 1 }, (_, i) => `metric_${i + 1}`)];
    this.configuration = new Float32Array(surface.actionDim);
    this.original = this.configuration.slice();
  }

  /** The settings in effect of these knobs (all by default), as the collector reads them back. */
  knobs(names: readonly string[] = this.knobNames): KnobSetting[] {
    return names.map((name) => ({ name, value: formatValue(this.configuration[this.indexOf(name, 'knobs')]!) }));
  }

  /** The knob names an environment tunes: all of them for an empty list. @throws InvalidArgumentError naming `knobs[i]` */
  resolveKnobs(names: readonly string[]): string[] {
    if (names.length === 0) return [...this.knobNames];
    names.forEach((name, i) => this.indexOf(name, `knobs[${i}]`));
    return [...names];
  }

  /** ALTER SYSTEM's stand-in. @throws InvalidArgumentError naming `knobs.<name>` before anything changes */
  apply(knobs: readonly KnobSetting[]): void {
    const changes = knobs.map((k) => {
      const value = Number(k.value);
      if (k.value.trim() === '' || !(value >= -1 && value <= 1)) {
        throw new InvalidArgumentError(`knobs.${k.name}`, `must be a number in [-1, 1], got "${k.value}"`);
      }
      return { index: this.indexOf(k.name, `knobs.${k.name}`), value: Number(formatValue(value)) };
    });
    for (const { index, value } of changes) this.configuration[index] = value;
  }

  /** ResetKnobs' stand-in: back to the configuration found at construction. */
  resetKnobs(): void {
    this.configuration.set(this.original);
  }

  /** The surface the configuration is measured on now. */
  get surface(): SyntheticEnvironment {
    return this.current;
  }

  /**
   * The workload changed under the server: from now on the configuration in effect is measured
   * on `surface` (its optimum elsewhere), as continuous tuning's drift. Same knobs and metrics.
   * @throws InvalidArgumentError naming `surface` when its dimensions differ
   */
  changeWorkload(surface: SyntheticEnvironment): void {
    if (surface.actionDim !== this.current.actionDim || surface.stateDim !== this.current.stateDim) {
      throw new InvalidArgumentError('surface', `must have ${this.current.actionDim} knobs and ${this.current.stateDim} metrics, got ${surface.actionDim} and ${surface.stateDim}`);
    }
    this.current = surface;
  }

  /** True throughput of the configuration in effect, without noise (for tests and benches). */
  truePerformance(): number {
    return this.current.performance(this.configuration);
  }

  /** One benchmark of the configuration in effect: measured throughput and the state observed after it. */
  benchmark(): { tps: number; state: number[] } {
    const run = this.current.step(this.configuration);
    return { tps: run.performance, state: Array.from(run.state) };
  }

  private indexOf(name: string, field: string): number {
    const index = this.knobNames.indexOf(name);
    if (index < 0) throw new InvalidArgumentError(field, `"${name}" is not a knob of the synthetic target (${this.knobNames.join(', ')})`);
    return index;
  }
}

/** A knob value as the target stores it; a value that rounds to zero is written "0.00", never "-0.00". */
export function formatValue(value: number): string {
  const scale = 10 ** VALUE_DECIMALS;
  // Rounded before toFixed, which alone writes -0.001 as "-0.00" (and -0 as "0.00").
  return (Math.round(value * scale) / scale).toFixed(VALUE_DECIMALS);
}
