/**
 * The longest setting name PostgreSQL keeps (NAMEDATALEN - 1): a longer name cannot be a
 * setting, so it is refused before the pattern looks at it.
 */
export const KNOB_NAME_MAX_LENGTH = 63;

// A setting name as pg_settings spells it: lower case, letters, digits and _; a custom
// (extension) setting carries one dot ("pg_stat_statements.max"). Nothing that could end an
// identifier or a statement fits, so such text is refused as "not a name" before any lookup.
const KNOB_NAME = /^[a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)?$/;

/** Whether `text` has the form of a PostgreSQL setting name (or a knob set name, which has the same form). */
export function isKnobName(text: string): boolean {
  return text.length <= KNOB_NAME_MAX_LENGTH && KNOB_NAME.test(text);
}
