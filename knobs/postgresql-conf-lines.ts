import { InvalidArgumentError } from '../lib/core/errors';
import { quoteForMessage } from './knob-value';

/** One `name = value` line of a postgresql.conf-style file, the value unquoted. */
export interface ConfEntry {
  /** 1-based line number, for messages. */
  line: number;
  name: string;
  value: string;
}

// The shapes a line may take: `name = 'quoted'` or `name = bare`, then an optional comment.
// Quotes double (''), as our own renderer writes them (lib/report/render-postgresql-conf.ts);
// a backslash escapes the next character inside quotes, as PostgreSQL's lexer reads it.
// Stricter than PostgreSQL on purpose: the `=` is required, a bare value is one token of
// letters, digits and + - . _ (numbers with units, on/off, enum names), and directives such
// as include are refused rather than followed.
const NAME = '[A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)?';
const QUOTED = "'(?:[^'\\\\\\n]|''|\\\\.)*'";
const BARE = '[A-Za-z0-9_.+-]+';
const LINE = new RegExp(`^\\s*(${NAME})\\s*=\\s*(${QUOTED}|${BARE})\\s*(?:#.*)?$`);
const BLANK_OR_COMMENT = /^\s*(?:#.*)?$/;
const DIRECTIVES = new Set(['include', 'include_if_exists', 'include_dir']);

/** Longer text is not a configuration snippet (ours is a few hundred bytes). */
export const CONF_TEXT_MAX_BYTES = 64 * 1024;

const ALLOWED = "allowed: blank lines, # comments and name = value lines (value bare, like 64MB or on, or in single quotes, like '64MB')";

/**
 * The setting lines of a postgresql.conf-style text, in order. Names are lower-cased as
 * PostgreSQL does; values are returned as written, quotes removed, unvalidated (the knob
 * catalog's business, see start-config.ts).
 *
 * @throws InvalidArgumentError whose field is `${source}:${line}`, saying what the line holds
 *   and what is allowed.
 */
export function parseConfLines(text: string, source: string): ConfEntry[] {
  if (Buffer.byteLength(text, 'utf8') > CONF_TEXT_MAX_BYTES) {
    throw new InvalidArgumentError(source, `is larger than ${CONF_TEXT_MAX_BYTES / 1024} kB; a start configuration is a few name = value lines`);
  }
  const entries: ConfEntry[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    if (BLANK_OR_COMMENT.test(raw)) return;
    const field = `${source}:${line}`;
    // Control characters (other than the tab) can hide text in a terminal; none belongs in a setting.
    if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(raw)) throw new InvalidArgumentError(field, `holds a control character; ${ALLOWED}`);
    const match = LINE.exec(raw);
    if (!match) {
      const word = /^\s*([A-Za-z_]+)/.exec(raw)?.[1]?.toLowerCase();
      if (word && DIRECTIVES.has(word)) throw new InvalidArgumentError(field, `${word} directives are not followed; put the settings in this file`);
      throw new InvalidArgumentError(field, `${quoteForMessage(raw.trim())} is not a setting line; ${ALLOWED}`);
    }
    const [, name, value] = match;
    entries.push({ line, name: name!.toLowerCase(), value: unquote(value!) });
  });
  return entries;
}

function unquote(value: string): string {
  if (!value.startsWith("'")) return value;
  return value.slice(1, -1).replace(/''|\\(.)/g, (pair, escaped: string | undefined) => (pair === "''" ? "'" : escaped!));
}
