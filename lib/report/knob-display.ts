import { findKnobSpec } from '../../knobs/knob-catalog';
import { isChoiceKnob, type NumericKnobSpec } from '../../knobs/knob-spec';
import { formatHuman, formatWholeUnits } from '../../knobs/knob-units';
import type { KnobInfo } from './report-document';

const INTEGER = /^-?\d+$/;
const NUMBER = /^-?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

function numericSpec(name: string): NumericKnobSpec | undefined {
  const spec = findKnobSpec(name);
  return spec && !isChoiceKnob(spec) ? spec : undefined;
}

/** What the report says about a knob; a knob outside the catalog has no unit and an unknown scale. */
export function knobInfo(name: string): KnobInfo {
  const spec = findKnobSpec(name);
  if (!spec) return { name, unit: null, scale: null, restartRequired: false };
  return { name, unit: spec.unit === 'none' ? null : spec.unit, scale: spec.scale, restartRequired: spec.restartRequired };
}

/** The knob's value as a number in its base unit, for charts; undefined for choices and text. */
export function knobNumber(name: string, value: string): number | undefined {
  if (!numericSpec(name) && findKnobSpec(name)) return undefined;
  const text = value.trim();
  return NUMBER.test(text) ? Number(text) : undefined;
}

/**
 * The value as people read it, for tables: "64MB", "5min", "0.9" (reals to 3 decimals).
 * Approximate by design (formatHuman keeps two decimals); settings use `settingText`.
 */
export function displayKnobValue(name: string, value: string): string {
  const spec = numericSpec(name);
  const text = value.trim();
  if (!spec || !NUMBER.test(text)) return value;
  const number = Number(text);
  if (spec.specialValues.includes(number)) return text;
  if (spec.unit !== 'none' && number > 0) return formatHuman(number, spec.unit);
  return spec.type === 'real' ? String(Math.round(number * 1000) / 1000) : text;
}

/**
 * The value exactly as a setting, for ALTER SYSTEM and postgresql.conf: in the largest unit
 * that holds it as a whole number ("64MB", "15min"), else in the knob's base unit; choices,
 * reals, special values and knobs outside the catalog as stored. Never rounded.
 */
export function settingText(name: string, value: string): string {
  const spec = numericSpec(name);
  const text = value.trim();
  if (!spec || spec.unit === 'none' || !INTEGER.test(text)) return value;
  const number = Number(text);
  if (spec.specialValues.includes(number)) return text;
  return formatWholeUnits(number, spec.unit) ?? text;
}
