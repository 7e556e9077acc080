import { escapeIdentifier, escapeLiteral } from 'pg';
import { FailedPreconditionError, InvalidArgumentError } from '../../../lib/core/errors';
import type { HostResources } from '../../../knobs/host-resources';
import { NEVER_TUNABLE, findKnobSpec } from '../../../knobs/knob-catalog';
import { knownKnobsHint } from '../../../knobs/knob-sets';
import { isChoiceKnob, type KnobSpec, type NumericKnobSpec, type NumericRange } from '../../../knobs/knob-spec';
import { isKnobName } from '../../../knobs/knob-name';
import { formatHuman } from '../../../knobs/knob-units';
import { canonicalNumber, choiceValue, parseChoiceValue, parseNumericValue, quoteForMessage, recheckCanonical } from '../../../knobs/knob-value';
import type { LiveKnob } from './live-knob';
import { checkMemoryBudget } from '../../../knobs/memory-budget';
import { limitChoices, limitNumericRange, withinServerLimits } from './server-limits';

// The collector reads the live rows, validates against them and reports them in one place:
// one import serves it.
export { toKnobState } from './knob-state';
export { readLiveKnobs, type LiveKnob } from './live-knob';

export interface ValidationContext {
  host: HostResources;
  /** The caller's explicit opt-in to knobs that may lose commits after a crash (synchronous_commit). */
  allowDurabilityRisk: boolean;
  /**
   * pg_settings rows of the requested knobs (PostgreSQL's min/max and enum values) and of
   * MEMORY_BUDGET_SETTINGS (the budget's other terms). Without it only the catalog's ranges
   * and PostgreSQL's defaults apply.
   */
  live?: ReadonlyMap<string, LiveKnob>;
  /**
   * Values the server had when the collector started (knob -> setting). Putting one back is
   * always allowed, even outside the catalog's safe range or a choice knob's `allowed` (any
   * of its `values`): those bound what a tuner proposes, not what a DBA chose, and restoring
   * the original must never be refused.
   */
  trusted?: ReadonlyMap<string, string>;
}

/** A knob value that passed validation. */
export interface ValidatedKnob {
  spec: KnobSpec;
  /** The catalog's name of the knob. */
  name: string;
  /** Canonical value in the base unit, as pg_settings.setting shows it ("65536", "0.9", "on"). */
  value: string;
  /** The value as an escaped SQL literal: the only text of a request that reaches SQL. */
  sqlLiteral: string;
}

function checkName(name: string, ctx: ValidationContext, seen: Set<string>): KnobSpec {
  // Before any lookup, so text such as "work_mem; DROP TABLE x" is refused as what it is,
  // not as an unknown knob.
  if (!isKnobName(name)) {
    throw new InvalidArgumentError('knobs', `${quoteForMessage(name)} is not a knob name (lowercase letters, digits and _)`);
  }
  const field = `knobs.${name}`;
  const never = NEVER_TUNABLE.get(name);
  if (never) throw new InvalidArgumentError(field, never);
  const spec = findKnobSpec(name);
  if (!spec) throw new InvalidArgumentError(field, `unknown knob; ${knownKnobsHint()}`);
  if (seen.has(name)) throw new InvalidArgumentError(field, 'given more than once');
  seen.add(name);
  if (spec.durabilityRisk !== 'none' && !ctx.allowDurabilityRisk) {
    throw new InvalidArgumentError(
      field,
      `${spec.durabilityRisk}: after a crash the last commits may be lost; tune it only with allow_durability_risk`,
    );
  }
  if (ctx.live && !ctx.live.has(name)) {
    throw new FailedPreconditionError(`${name}: the server has no such setting`);
  }
  return spec;
}

function describeRange(spec: NumericKnobSpec, range: NumericRange): string {
  const unit = spec.unit === 'none' ? '' : ` ${spec.unit}`;
  const human = spec.unit === 'none' ? '' : ` (${formatHuman(range.min, spec.unit)} .. ${formatHuman(range.max, spec.unit)})`;
  const special = spec.specialValues.length > 0 ? `, or the special value ${spec.specialValues.join(' or ')}` : '';
  return `${range.min}${unit} .. ${range.max}${unit}${human}${special}`;
}

function validateNumber(
  spec: NumericKnobSpec,
  raw: string,
  range: NumericRange,
  live: LiveKnob | undefined,
  trusted: string | undefined,
): number {
  const field = `knobs.${spec.name}`;
  const value = parseNumericValue(spec, raw, field);
  if (trusted !== undefined && canonicalNumber(spec, value) === trusted) return value;
  const special = spec.specialValues.includes(value) && (!live || withinServerLimits(value, live));
  if (special || (value >= range.min && value <= range.max)) return value;
  const typed = raw.trim() === String(value) ? '' : `${quoteForMessage(raw)} = `;
  const unit = spec.unit === 'none' ? '' : ` ${spec.unit}`;
  throw new InvalidArgumentError(field, `${typed}${value}${unit} is outside the safe range ${describeRange(spec, range)}`);
}

/**
 * Validates a whole request before anything is applied: names against the catalog (and
 * the never-tunable list), values against type and safe range (within the live server's
 * own limits when given), no name twice, durability knobs only with the opt-in, and the
 * memory budget across the request and the live values. Throws InvalidArgumentError
 * (field `knobs.<name>`) on the first problem; FailedPreconditionError when the server
 * cannot take the knob at all.
 */
export function validateKnobSettings(
  // Optional fields, as a gRPC request may leave them unset: a missing name or value is ''
  // and fails like any other bad text.
  settings: readonly { name?: string; value?: string }[],
  ctx: ValidationContext,
): ValidatedKnob[] {
  const seen = new Set<string>();
  const numbers = new Map<string, number>();
  const validated = settings.map(({ name = '', value: raw = '' }): ValidatedKnob => {
    const spec = checkName(name, ctx, seen);
    const live = ctx.live?.get(name);
    const trusted = ctx.trusted?.get(name);
    let value: string;
    if (isChoiceKnob(spec)) {
      const allowed = live ? limitChoices(spec, spec.allowed, live) : spec.allowed;
      const field = `knobs.${name}`;
      const spelled = choiceValue(spec, raw, field);
      // An original may be any value PostgreSQL takes (synchronous_commit = local), never
      // other text, even from a hand-edited record.
      value = spelled !== undefined && spelled === trusted ? spelled : parseChoiceValue(spec, raw, allowed, field);
    } else {
      const range = live ? limitNumericRange(spec, spec.range(ctx.host), live) : spec.range(ctx.host);
      const number = validateNumber(spec, raw, range, live, trusted);
      numbers.set(name, number);
      value = canonicalNumber(spec, number);
    }
    return { spec, name: spec.name, value, sqlLiteral: escapeLiteral(value) };
  });
  // The original configuration is restorable whatever its memory total.
  if (!validated.every((v) => ctx.trusted?.get(v.name) === v.value)) checkMemoryBudget(numbers, ctx.live, ctx.host);
  return validated;
}

/**
 * `ALTER SYSTEM SET <name> = <literal>` for a validated knob. The name is the catalog's own
 * string and the literal is re-derived from the canonical value and compared, so a
 * hand-built or altered ValidatedKnob is refused instead of reaching SQL; both parts are
 * escaped all the same.
 */
export function alterSystemStatement(knob: ValidatedKnob): string {
  const spec = findKnobSpec(knob.name);
  const canonical = spec && spec === knob.spec ? recheckCanonical(spec, knob.value) : undefined;
  if (!spec || canonical === undefined || knob.sqlLiteral !== escapeLiteral(canonical)) {
    throw new Error(`refusing ALTER SYSTEM for ${quoteForMessage(knob.name)}: not a value validateKnobSettings produced`);
  }
  return `ALTER SYSTEM SET ${escapeIdentifier(spec.name)} = ${knob.sqlLiteral}`;
}
