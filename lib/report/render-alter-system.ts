import { oneLine, wrapWords } from './plain-text';
import { recommendedSettings, settingNote, type RecommendedSetting } from './recommended-settings';
import type { ReportDocument } from './report-document';
import { verdictHeadline } from './verdict-text';

/**
 * A string literal for SQL. Plain '...' with quotes doubled, unless the text holds a
 * backslash: then E'...' with backslashes doubled too, because a plain literal's meaning of
 * a backslash depends on the server's standard_conforming_strings, and an E'' literal's does
 * not. The text must hold no control characters (recommendedSettings checks).
 */
export function sqlLiteral(text: string): string {
  const quoted = text.replace(/'/g, "''");
  return text.includes('\\') ? `E'${quoted.replace(/\\/g, '\\\\')}'` : `'${quoted}'`;
}

function statement(s: RecommendedSetting): string {
  return `ALTER SYSTEM SET ${s.name} = ${sqlLiteral(s.value)};`;
}

/** The recommendation as bare ALTER SYSTEM statements, one per knob (the proto's alter_system); none without a recommendation. */
export function alterSystemStatements(doc: ReportDocument): string[] {
  return recommendedSettings(doc).settings.map(statement);
}

/**
 * The recommendation as a psql-ready script: a comment with the session and verdict, one
 * ALTER SYSTEM per knob noting its old value, pg_reload_conf(), and which knobs need a
 * restart. Without a recommendation, only comments saying why.
 */
export function renderAlterSystem(doc: ReportDocument): string {
  const lines = [`-- pg-autotune session ${oneLine(doc.session.id)}: ${verdictHeadline(doc)}`];
  const { settings, skipped } = recommendedSettings(doc);
  if (!doc.recommended) {
    lines.push(...wrapWords(doc.conclusion.text, 96).map((l) => `-- ${l}`));
    return `${lines.join('\n')}\n`;
  }
  for (const s of settings) {
    lines.push(`${statement(s)}  -- ${oneLine(settingNote(s), 200)}`);
  }
  for (const s of skipped) lines.push(`-- skipped ${oneLine(JSON.stringify(s.name), 80)}: ${s.reason}`);
  lines.push('SELECT pg_reload_conf();');
  if (doc.restartRequiredFor.length > 0) {
    lines.push(`-- then restart the server: ${doc.restartRequiredFor.map((n) => oneLine(n, 60)).join(', ')} take${doc.restartRequiredFor.length === 1 ? 's' : ''} effect only after a restart`);
  }
  return `${lines.join('\n')}\n`;
}
