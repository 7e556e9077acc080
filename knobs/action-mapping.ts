import { InvalidArgumentError } from '../lib/core/errors';
import type { KnobSetting__Output as KnobSetting } from '../proto/generated/autotune/v1/KnobSetting';
import { memoryUnitBytes } from './knob-units';
import { fitMemoryBudget, type MemoryBudget, type MemoryTerms } from './memory-budget';

/**
 * The part of a knob dimension the mapping needs. The generated KnobDimension satisfies it
 * (action-space.ts fills `integer` from the catalog's vartype).
 */
export interface KnobDimensionLike {
  name: string;
  /** Safe range in the knob's base unit (numeric knobs). */
  min: number;
  max: number;
  /** log | linear | choice */
  scale: string;
  /** pg_settings unit ("kB", "8kB", "ms", ""): needed for the memory budget. */
  unit?: string;
  /** Values of a choice (enum or bool) knob, in action order. */
  choices?: string[];
  /**
   * Round to whole numbers (pg_settings vartype "integer").
   * @defaultValue false
   */
  integer?: boolean;
}

export interface ActionMappingOptions {
  /** When given and work_mem is tuned, work_mem is scaled down to keep the budget. */
  memoryBudget?: MemoryBudget;
}

/**
 * Maps an action in [-1,1]^n onto absolute knob values (never increments: those ratchet).
 * -1 is the range's min, +1 its max; log knobs interpolate geometrically, so 0 is the
 * geometric mean of min and max; choice knobs split [-1,1] into equal bins. Values are
 * clamped to the safe range; actions outside [-1,1] are clamped (exploration noise may push
 * them out) and non-finite ones rejected (a broken actor must not reach the server).
 */
export function actionToKnobs(
  action: readonly number[],
  dims: readonly KnobDimensionLike[],
  options: ActionMappingOptions = {},
): KnobSetting[] {
  if (action.length !== dims.length) {
    throw new InvalidArgumentError('action', `has ${action.length} values, the knob space has ${dims.length}`);
  }
  const values = dims.map((dim, i) => {
    const a = action[i]!;
    if (!Number.isFinite(a)) throw new InvalidArgumentError(`action[${i}]`, `must be a finite number in [-1,1], got ${a}`);
    return mapOne(Math.min(1, Math.max(-1, a)), checkDimension(dim, i));
  });
  if (options.memoryBudget) enforceMemoryBudget(values, dims, options.memoryBudget);
  return dims.map((dim, i) => ({ name: dim.name, value: formatValue(values[i]!, dim) }));
}

/**
 * The inverse: the action that yields these knob values (values outside the safe range map
 * to its edge). Used for the baseline configuration, so it can enter the state and replay.
 */
export function knobsToAction(knobs: readonly KnobSetting[], dims: readonly KnobDimensionLike[]): number[] {
  const byName = new Map(knobs.map((k) => [k.name, k.value]));
  return dims.map((dim, i) => {
    checkDimension(dim, i);
    const text = byName.get(dim.name);
    if (text === undefined) throw new InvalidArgumentError(`knobs.${dim.name}`, 'missing: every knob of the space needs a value');
    if (dim.scale === 'choice') {
      const choices = dim.choices!;
      const index = choices.indexOf(text);
      if (index < 0) throw new InvalidArgumentError(`knobs.${dim.name}`, `"${text}" is not one of ${choices.join(', ')}`);
      // The centre of the bin, so the value maps back to the same choice.
      return ((index + 0.5) / choices.length) * 2 - 1;
    }
    const value = Number(text.trim());
    if (text.trim() === '' || !Number.isFinite(value)) {
      throw new InvalidArgumentError(`knobs.${dim.name}`, `"${text}" is not a number in the knob's base unit`);
    }
    return toFraction(Math.min(dim.max, Math.max(dim.min, value)), dim) * 2 - 1;
  });
}

type NumberOrChoice = number | string;

function mapOne(a: number, dim: KnobDimensionLike): NumberOrChoice {
  const t = (a + 1) / 2;
  if (dim.scale === 'choice') {
    const choices = dim.choices!;
    return choices[Math.min(choices.length - 1, Math.floor(t * choices.length))]!;
  }
  let value: number;
  if (dim.scale === 'log') {
    const shift = logShift(dim);
    const lo = Math.log(dim.min + shift);
    const hi = Math.log(dim.max + shift);
    value = Math.exp(lo + t * (hi - lo)) - shift;
  } else {
    value = dim.min + t * (dim.max - dim.min);
  }
  return clampToRange(value, dim);
}

// The position of a value within its range, in [0,1], on the knob's scale.
function toFraction(value: number, dim: KnobDimensionLike): number {
  if (dim.max === dim.min) return 0.5;
  if (dim.scale === 'log') {
    const shift = logShift(dim);
    const lo = Math.log(dim.min + shift);
    return (Math.log(value + shift) - lo) / (Math.log(dim.max + shift) - lo);
  }
  return (value - dim.min) / (dim.max - dim.min);
}

/**
 * A log range that starts at or below 0 (commit_delay 0..100000) is interpolated on
 * log(value + shift) with shift = 1 - min, so its minimum stays reachable; ranges starting
 * above 0 are plainly geometric (shift 0).
 */
function logShift(dim: KnobDimensionLike): number {
  return dim.min > 0 ? 0 : 1 - dim.min;
}

function clampToRange(value: number, dim: KnobDimensionLike): number {
  // exp(log(max)) can land a hair outside the range; integers round inside it.
  if (dim.integer) return Math.min(Math.floor(dim.max), Math.max(Math.ceil(dim.min), Math.round(value)));
  return Math.min(dim.max, Math.max(dim.min, value));
}

/**
 * Scales work_mem down so that the configuration stays within the budget the collector
 * checks (memory-budget.ts), counting the action's own shared_buffers, wal_buffers and
 * maintenance_work_mem where it tunes them. work_mem moves first: it is the knob multiplied
 * by the connection count, and shared_buffers has its own cap in the catalog. When even
 * work_mem's minimum does not fit, a tuned maintenance_work_mem gives way too (it counts
 * once per autovacuum worker), down to its own minimum.
 */
function enforceMemoryBudget(values: NumberOrChoice[], dims: readonly KnobDimensionLike[], budget: MemoryBudget): void {
  const w = dims.findIndex((d) => d.name === 'work_mem');
  if (w < 0) return;
  const m = dims.findIndex((d) => d.name === 'maintenance_work_mem');
  const bytesOf = (name: string, inEffect: number): number => {
    const i = dims.findIndex((d) => d.name === name);
    return i < 0 ? inEffect : (values[i] as number) * unitBytes(dims[i]!);
  };
  const { inEffect, host } = budget;
  const terms: MemoryTerms = {
    ...inEffect,
    sharedBuffersBytes: bytesOf('shared_buffers', inEffect.sharedBuffersBytes),
    walBuffersBytes: bytesOf('wal_buffers', inEffect.walBuffersBytes),
    maintenanceWorkMemBytes: bytesOf('maintenance_work_mem', inEffect.maintenanceWorkMemBytes),
  };
  const shrinkable = (i: number) => ({ value: values[i] as number, min: dims[i]!.min, unitBytes: unitBytes(dims[i]!) });
  const fitted = fitMemoryBudget(terms, host, shrinkable(w), m >= 0 ? shrinkable(m) : undefined);
  values[w] = fitted.workMem;
  if (m >= 0) values[m] = fitted.maintenance!;
}

function unitBytes(dim: KnobDimensionLike): number {
  const bytes = memoryUnitBytes(dim.unit ?? '');
  if (bytes === undefined) {
    throw new InvalidArgumentError(`dims.${dim.name}.unit`, `"${dim.unit ?? ''}" is not a memory unit (B, kB, 8kB, MB ...)`);
  }
  return bytes;
}

function formatValue(value: NumberOrChoice, dim: KnobDimensionLike): string {
  if (typeof value === 'string') return value;
  // Six significant digits: more is noise for a setting, and knobs -> action -> knobs then
  // reproduces the same text.
  return dim.integer ? String(value) : String(Number(value.toPrecision(6)));
}

function checkDimension(dim: KnobDimensionLike, i: number): KnobDimensionLike {
  const field = `dims[${i}] (${dim.name})`;
  if (dim.scale === 'choice') {
    if (!dim.choices || dim.choices.length === 0) throw new InvalidArgumentError(field, 'a choice knob needs at least one choice');
    return dim;
  }
  if (dim.scale !== 'log' && dim.scale !== 'linear') {
    throw new InvalidArgumentError(field, `scale must be log, linear or choice, got "${dim.scale}"`);
  }
  if (!Number.isFinite(dim.min) || !Number.isFinite(dim.max) || dim.min > dim.max) {
    throw new InvalidArgumentError(field, `needs finite min <= max, got ${dim.min}..${dim.max}`);
  }
  return dim;
}
