import { z } from 'zod';
import type { IntegerRange } from './session-limits';

/**
 * The zod field shapes the request schemas are built of, each with the one message that says
 * what is allowed and what was given (parse-request.ts puts the field's name in front).
 * Proto3 zeros: "OrDefault" fields read 0 / "" / absent as unset.
 */

export function isIntegerIn(value: unknown, range: IntegerRange): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= range.min && value <= range.max;
}

/** An integer in `range`. */
export function integerIn(range: IntegerRange, hint = '') {
  const error = (issue: { input?: unknown }) => `must be an integer in ${range.min}..${range.max}${hint}, got ${String(issue.input)}`;
  return z.number({ error }).refine((v) => isIntegerIn(v, range), { error });
}

/** An integer in `range`, absent meaning `fallback` (for fields where 0 is a real value). */
export function integerOr(range: IntegerRange, fallback: number) {
  return integerIn(range).optional().transform((v) => v ?? fallback);
}

/** An integer in `range`, or 0 / absent for `fallback`. */
export function integerOrDefault(range: IntegerRange, fallback: number) {
  // 0 is "unset"; a negative or fractional number is a mistake, not a request for the default.
  const error = (issue: { input?: unknown }) =>
    `must be an integer in ${range.min}..${range.max} (0 or unset: ${fallback}), got ${String(issue.input)}`;
  return z
    .number({ error })
    .optional()
    .refine((v) => v === undefined || v === 0 || isIntegerIn(v, range), { error })
    .transform((v) => v || fallback);
}

/** One of `values`, or "" / absent for `fallback`. */
export function oneOfOrDefault<const T extends readonly [string, ...string[]]>(values: T, fallback: T[number], hint = '') {
  return oneOf(values, hint).transform((v) => (v || fallback) as T[number]);
}

/** One of `values`, or "" (absent reads as ""). */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T, hint = '') {
  const error = (issue: { input?: unknown }) => `must be one of ${values.join(', ')}${hint}, got ${JSON.stringify(issue.input)}`;
  return z
    .union([z.literal(''), z.enum(values)], { error })
    .optional()
    .transform((v): T[number] | '' => v ?? '');
}

/** A flag: absent is false. */
export const flag = z.boolean().optional().transform((v) => v === true);

/** A string, absent reading as "". */
export const text = z.string().optional().transform((v) => v ?? '');

/** A number in `range` (inclusive), or 0 / "" / absent for `fallback`. Doubles may arrive as strings over gRPC. */
export function numberOrDefault(range: { readonly min: number; readonly max: number }, fallback: number) {
  const error = (issue: { input?: unknown }) => `must be a number in ${range.min}..${range.max} (0 or unset: ${fallback}), got ${String(issue.input)}`;
  return z
    .union([z.number(), z.string()], { error })
    .optional()
    .transform((v) => (v === undefined || v === '' ? 0 : Number(v)))
    .refine((v) => v === 0 || (Number.isFinite(v) && v >= range.min && v <= range.max), { error })
    .transform((v) => v || fallback);
}
