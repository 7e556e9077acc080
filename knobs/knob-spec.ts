import type { HostResources } from './host-resources';

/**
 * pg_settings' base unit of a knob; 'none' where pg_settings.unit is NULL (commit_delay
 * too: it counts microseconds, but PostgreSQL declares no unit for it).
 */
export type KnobUnit = 'kB' | '8kB' | 'MB' | 'ms' | 's' | 'none';

/** How an action in [-1, 1] spreads over the range: log for sizes and times, linear otherwise. */
export type KnobScale = 'log' | 'linear';

export type DurabilityRisk = 'none' | 'may-lose-commits';

/**
 * default: the six knobs the original thesis tuned; extended: more knobs, some needing a
 * restart; durability: knobs that trade crash safety for speed, only with an explicit opt-in.
 */
export type KnobGroup = 'default' | 'extended' | 'durability';

export interface NumericRange {
  min: number;
  max: number;
}

export interface ChoiceRange {
  allowed: readonly string[];
}

export type KnobRange = NumericRange | ChoiceRange;

interface KnobSpecBase {
  name: string;
  /** A postmaster knob: takes effect only after a restart. */
  restartRequired: boolean;
  durabilityRisk: DurabilityRisk;
  groups: readonly KnobGroup[];
}

export interface NumericKnobSpec extends KnobSpecBase {
  type: 'integer' | 'real';
  unit: KnobUnit;
  scale: KnobScale;
  /** The prudent range for this host, in the base unit, before the server's own limits. */
  range: (host: HostResources) => NumericRange;
  /**
   * Values outside the range with a meaning of their own (wal_buffers -1 = automatic,
   * commit_delay 0 = off); a tuner may sample them apart from the range.
   */
  specialValues: readonly number[];
}

export interface ChoiceKnobSpec extends KnobSpecBase {
  type: 'bool' | 'enum';
  unit: 'none';
  scale: 'linear';
  /** The values a tuner may choose, in pg_settings' spelling: some of `values`. */
  allowed: readonly string[];
  /**
   * Every value PostgreSQL takes for the knob, in pg_settings' spelling: what a server's
   * own original may be, and so what putting an original back may write.
   */
  values: readonly string[];
  /** PostgreSQL's other spellings of those values (lower case -> the value): true -> on ... */
  spellings: ReadonlyMap<string, string>;
}

export type KnobSpec = NumericKnobSpec | ChoiceKnobSpec;

export function isNumericRange(range: KnobRange): range is NumericRange {
  return 'min' in range;
}

// A guard, not a `type` comparison: TypeScript does not narrow a union whose members'
// discriminants are themselves unions ('bool' | 'enum').
export function isChoiceKnob(spec: KnobSpec): spec is ChoiceKnobSpec {
  return spec.type === 'bool' || spec.type === 'enum';
}
