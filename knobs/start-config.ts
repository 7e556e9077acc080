import { InvalidArgumentError } from '../lib/core/errors';
import { KNOB_CATALOG, NEVER_TUNABLE } from './knob-catalog';
import type { KnobSetMember } from './knob-sets';
import { isChoiceKnob, type KnobSpec } from './knob-spec';
import { canonicalNumber, parseChoiceValue, parseNumericValue } from './knob-value';
import { parseConfLines } from './postgresql-conf-lines';

/** A knob and its value, as KnobSetting carries them. */
export interface StartKnob {
  name: string;
  value: string;
}

/**
 * A start configuration (`tune --start-config FILE`): the settings a session applies before
 * it measures its baseline, read from postgresql.conf syntax (parseConfLines) and checked
 * against the knob catalog line by line: every name a catalog knob (fsync and
 * full_page_writes refused with the reason), no name twice, every value of the knob's type
 * and unit, returned in its canonical base-unit text ("64MB" -> "65536" for work_mem).
 *
 * The safe range depends on the host being tuned, which only its collector knows: the
 * collector's ApplyKnobs checks it (and the memory budget) before anything is applied, and
 * the environment names the start knob in that error. A restart knob needs allow_restart
 * (and a server that may restart), a durability knob allow_durability_risk, as in
 * checkStartKnobPermissions.
 *
 * @throws InvalidArgumentError whose field is `${source}:${line}`.
 */
export function parseStartConfig(
  text: string,
  source: string,
  permissions: StartKnobPermissions,
  catalog: readonly KnobSpec[] = KNOB_CATALOG,
): StartKnob[] {
  const byName = new Map(catalog.map((spec) => [spec.name, spec]));
  const firstLine = new Map<string, number>();
  const knobs = parseConfLines(text, source).map(({ line, name, value }): StartKnob => {
    const field = `${source}:${line}`;
    const never = NEVER_TUNABLE.get(name);
    if (never) throw new InvalidArgumentError(field, never);
    const spec = byName.get(name);
    if (!spec) throw new InvalidArgumentError(field, `${name} is not a knob of the catalog; allowed: ${catalog.map((k) => k.name).join(', ')}`);
    const earlier = firstLine.get(name);
    if (earlier !== undefined) throw new InvalidArgumentError(field, `${name} is already set on line ${earlier}; set each knob once`);
    firstLine.set(name, line);
    refuseWithoutOptIn(spec, field, permissions);
    return { name, value: canonicalValue(spec, value, `${field}: ${name}`) };
  });
  if (knobs.length === 0) throw new InvalidArgumentError(source, 'sets no knob; write at least one name = value line');
  return knobs;
}

function canonicalValue(spec: KnobSpec, raw: string, field: string): string {
  if (isChoiceKnob(spec)) return parseChoiceValue(spec, raw, spec.allowed, field);
  return canonicalNumber(spec, parseNumericValue(spec, raw, field));
}

export interface StartKnobPermissions {
  allowRestart: boolean;
  allowDurabilityRisk: boolean;
  /** Whether the server may be restarted at all (ServerInfo.can_restart). */
  canRestart: boolean;
}

/**
 * The opt-ins a start configuration needs, against `catalog` (the collector's GetKnobs
 * answer, or KNOB_CATALOG): every knob in it, a restart knob only with allow_restart on a
 * server that may restart, a durability knob only with allow_durability_risk. The same
 * rules as a tuned knob's (knob-sets.ts), whether or not the knob is tuned.
 *
 * @throws InvalidArgumentError naming `${field}[i]`.
 */
export function checkStartKnobPermissions(
  knobs: readonly StartKnob[],
  catalog: readonly KnobSetMember[],
  permissions: StartKnobPermissions,
  field = 'start_knobs',
): void {
  const byName = new Map(catalog.map((k) => [k.name, k]));
  knobs.forEach(({ name }, i) => {
    const at = `${field}[${i}]`;
    const never = NEVER_TUNABLE.get(name);
    if (never) throw new InvalidArgumentError(at, never);
    const knob = byName.get(name);
    if (!knob) throw new InvalidArgumentError(at, `"${name}" is not a knob of the catalog; allowed: ${catalog.map((k) => k.name).join(', ')}`);
    refuseWithoutOptIn(knob, at, permissions);
  });
}

function refuseWithoutOptIn(knob: KnobSetMember, field: string, permissions: StartKnobPermissions): void {
  if (knob.restartRequired && !(permissions.allowRestart && permissions.canRestart)) {
    const why = permissions.allowRestart ? 'the collector may not restart its server (start it with --data-dir or --restart-command)' : 'set allow_restart (--allow-restart)';
    throw new InvalidArgumentError(field, `${knob.name} takes effect only after a server restart: ${why}, or leave it out of the start configuration`);
  }
  if (knob.durabilityRisk !== '' && knob.durabilityRisk !== 'none' && !permissions.allowDurabilityRisk) {
    throw new InvalidArgumentError(
      field,
      `${knob.name} (${knob.durabilityRisk}) may lose the last commits after a crash: set allow_durability_risk (--allow-durability-risk), or leave it out`,
    );
  }
}
