import { InvalidArgumentError } from '../lib/core/errors';
import { isChoiceKnob, type ChoiceKnobSpec, type KnobSpec, type NumericKnobSpec } from './knob-spec';
import { convertToBaseUnit, exampleWithUnit } from './knob-units';

// What a value may look like on the way in. Everything else is rejected before any
// conversion, so no unexpected text survives into a canonical value.
const PLAIN_INTEGER = /^[+-]?\d+$/;
const PLAIN_REAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const WITH_UNIT = /^([+-]?(?:\d+\.?\d*|\.\d+))\s*([A-Za-z]+)$/;

/**
 * What may come out: the canonical text of a number as our own code formats it. These are
 * the only shapes of numeric text that ever reach SQL.
 */
const CANONICAL: Readonly<Record<NumericKnobSpec['type'], RegExp>> = {
  integer: /^-?\d+$/,
  real: /^-?\d+(?:\.\d+)?(?:e[+-]\d+)?$/,
};

/**
 * The longest value text looked at: the longest real one ("1.7976931348623157e+308", an enum
 * name) is under 30 characters. Checked before any pattern, which could take quadratic time on
 * a long hostile text.
 */
export const KNOB_VALUE_MAX_LENGTH = 64;

function checkLength(raw: string, field: string): void {
  if (raw.length > KNOB_VALUE_MAX_LENGTH) {
    throw new InvalidArgumentError(field, `${quoteForMessage(raw)} is longer than ${KNOB_VALUE_MAX_LENGTH} characters (${raw.length})`);
  }
}

/** A user's value, quoted and cut short, for error messages. */
export function quoteForMessage(raw: string): string {
  return JSON.stringify(raw.length > 40 ? `${raw.slice(0, 40)}...` : raw);
}

function expectation(spec: NumericKnobSpec): string {
  const number = spec.type === 'integer' ? 'a whole number' : 'a number';
  if (spec.unit === 'none') return number;
  return `${number} of ${spec.unit} (or with a unit, like ${exampleWithUnit(spec.unit)})`;
}

/**
 * A numeric knob's value in its base unit. Plain numbers are taken as base units; a value
 * with a unit ("64MB", "5min") is converted and rounded to the nearest base unit, as
 * PostgreSQL does.
 */
export function parseNumericValue(spec: NumericKnobSpec, raw: string, field: string): number {
  checkLength(raw, field);
  const text = raw.trim();
  const withUnit = spec.unit === 'none' ? null : WITH_UNIT.exec(text);
  let value: number | undefined;
  if (withUnit) {
    const converted = convertToBaseUnit(Number(withUnit[1]), withUnit[2]!, spec.unit);
    value = converted !== undefined && spec.type === 'integer' ? Math.round(converted) : converted;
  } else if ((spec.type === 'integer' ? PLAIN_INTEGER : PLAIN_REAL).test(text)) value = Number(text);
  const valid = value !== undefined && (spec.type === 'integer' ? Number.isSafeInteger(value) : Number.isFinite(value));
  if (!valid) throw new InvalidArgumentError(field, `${quoteForMessage(raw)} is not ${expectation(spec)}`);
  return value!;
}

/** The canonical base-unit text of a number; throws if our own formatting ever strays. */
export function canonicalNumber(spec: NumericKnobSpec, value: number): string {
  const text = String(value);
  if (!CANONICAL[spec.type].test(text)) throw new Error(`${spec.name}: ${text} is not a canonical ${spec.type}`);
  return text;
}

/**
 * A bool or enum value in pg_settings' spelling ("TRUE" -> "on"), when it is one PostgreSQL
 * takes for the knob (the catalog's `values`), else undefined. Never the caller's text.
 */
export function choiceValue(spec: ChoiceKnobSpec, raw: string, field: string): string | undefined {
  checkLength(raw, field);
  const text = raw.trim().toLowerCase();
  const spelled = spec.spellings.get(text) ?? text;
  return spec.values.find((v) => v === spelled);
}

/** A bool or enum value a tuner may choose (one of `allowed`), returned as the whitelist's own string. */
export function parseChoiceValue(spec: ChoiceKnobSpec, raw: string, allowed: readonly string[], field: string): string {
  const value = choiceValue(spec, raw, field);
  const choice = allowed.find((a) => a === value);
  if (choice === undefined) {
    throw new InvalidArgumentError(field, `${quoteForMessage(raw)} is not allowed; allowed: ${allowed.join(', ')}`);
  }
  return choice;
}

/**
 * The canonical text of an already canonical value, or undefined: a last check before SQL.
 * A choice may be any value PostgreSQL takes (a server's original included); which of them a
 * tuner may choose is validateKnobSettings' rule, not this one's.
 */
export function recheckCanonical(spec: KnobSpec, value: string): string | undefined {
  if (isChoiceKnob(spec)) return spec.values.find((v) => v === value);
  return CANONICAL[spec.type].test(value) ? value : undefined;
}
