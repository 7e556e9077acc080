import { knobInfo, settingText } from './knob-display';
import { hasControlCharacters } from './plain-text';
import type { ReportDocument } from './report-document';

/**
 * A parameter name as both ALTER SYSTEM and postgresql.conf accept it unquoted: an identifier,
 * or a qualified one for an extension's parameter (auto_explain.log_min_duration).
 */
const PARAMETER_NAME = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?$/;

export interface RecommendedSetting {
  name: string;
  /** The value to write, exact ("64MB", "0.9", "on"); still to be quoted by the renderer. */
  value: string;
  /** The value for people when `value` is not already one ("1022417kB" is about "998.45MB"); null otherwise. */
  approx: string | null;
  /** The baseline value for people ("4MB"), null when the baseline did not set the knob. */
  previous: string | null;
  changed: boolean;
  restartRequired: boolean;
}

export interface SkippedSetting {
  /** The name as stored; print it only through oneLine or JSON. */
  name: string;
  reason: string;
}

/** The comment after a setting: "about 998.45MB, was 64MB", "unchanged", "was 4MB, needs a restart". */
export function settingNote(s: RecommendedSetting): string {
  const parts = [s.approx !== null ? `about ${s.approx}` : '', s.changed ? `was ${s.previous ?? 'not set'}` : 'unchanged', s.changed && s.restartRequired ? 'needs a restart' : ''];
  return parts.filter(Boolean).join(', ');
}

/**
 * The recommendation as settings to write. The values come from our own store, but a setting
 * is written only when its name is a plain parameter name and its value has no line break or
 * other control character (which neither ALTER SYSTEM nor postgresql.conf can hold); any
 * other is listed in `skipped` for the renderers to mention.
 */
export function recommendedSettings(doc: ReportDocument): { settings: RecommendedSetting[]; skipped: SkippedSetting[] } {
  const settings: RecommendedSetting[] = [];
  const skipped: SkippedSetting[] = [];
  if (!doc.recommended) return { settings, skipped };
  const changes = new Map(doc.knobChanges.map((c) => [c.name, c]));
  for (const knob of doc.recommended.knobs) {
    if (!PARAMETER_NAME.test(knob.name)) {
      skipped.push({ name: knob.name, reason: 'not a valid parameter name' });
      continue;
    }
    if (hasControlCharacters(knob.value)) {
      skipped.push({ name: knob.name, reason: 'its value holds a line break or control character' });
      continue;
    }
    const change = changes.get(knob.name);
    const value = settingText(knob.name, knob.value);
    const approx = knobInfo(knob.name).unit !== null && knob.display !== value ? knob.display : null;
    settings.push({
      name: knob.name,
      value,
      approx,
      previous: change?.fromDisplay ?? null,
      changed: change?.changed ?? true,
      restartRequired: change?.restartRequired ?? false,
    });
  }
  return { settings, skipped };
}
