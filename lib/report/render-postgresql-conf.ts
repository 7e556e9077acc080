import { oneLine, wrapWords } from './plain-text';
import { recommendedSettings, settingNote } from './recommended-settings';
import type { ReportDocument } from './report-document';
import { formatTime } from './report-numbers';
import { gainText, verdictHeadline } from './verdict-text';

/**
 * A value for postgresql.conf: always single-quoted, with quotes doubled and backslashes
 * doubled (the configuration file's lexer reads \ as an escape inside quotes). The text must
 * hold no control characters (recommendedSettings checks).
 */
export function confValue(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/**
 * The recommendation as a postgresql.conf snippet: a comment header with the session, the
 * date, the measured gain and the knobs that need a restart, then one `name = 'value'` line
 * per knob with its old value as a comment. Without a recommendation, the header says why.
 */
export function renderPostgresqlConf(doc: ReportDocument): string {
  const { session, instance, verification } = doc;
  const when = session.finishedAt ? `${formatTime(session.finishedAt)} (session finished)` : `${formatTime(doc.generatedAt)} (report generated)`;
  const lines = [
    '# pg-autotune recommendation',
    `# session: ${oneLine(session.id)} on instance ${oneLine(instance.name)}`,
    `# date: ${when}`,
    `# verdict: ${verdictHeadline(doc)}`,
  ];
  if (verification) lines.push(...wrapWords(`measured: ${gainText(verification)}`, 96).map((l, i) => `# ${i > 0 ? '  ' : ''}${l}`));
  if (!doc.recommended) {
    lines.push(...wrapWords(doc.conclusion.text, 96).map((l) => `# ${l}`));
    return `${lines.join('\n')}\n`;
  }
  lines.push(
    doc.restartRequiredFor.length > 0
      ? `# restart needed for: ${doc.restartRequiredFor.map((n) => oneLine(n, 60)).join(', ')}`
      : '# restart needed for: none (a reload is enough)',
  );
  const { settings, skipped } = recommendedSettings(doc);
  const width = Math.max(0, ...settings.map((s) => `${s.name} = ${confValue(s.value)}`.length));
  for (const s of settings) {
    const line = `${s.name} = ${confValue(s.value)}`;
    lines.push(`${line.padEnd(width)}  # ${oneLine(settingNote(s), 200)}`);
  }
  for (const s of skipped) lines.push(`# skipped ${oneLine(JSON.stringify(s.name), 80)}: ${s.reason}`);
  return `${lines.join('\n')}\n`;
}
