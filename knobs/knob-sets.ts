import { FailedPreconditionError, InvalidArgumentError } from '../lib/core/errors';
import { KNOB_CATALOG, NEVER_TUNABLE } from './knob-catalog';
import type { KnobGroup } from './knob-spec';

/** The named knob sets, by the catalog groups they take: 'extended' is the default set plus the extended knobs. */
// A Map, not an object literal: a user-typed "constructor" must not find Object.prototype's.
const KNOB_SETS: ReadonlyMap<string, readonly KnobGroup[]> = new Map([
  ['default', ['default']],
  ['extended', ['default', 'extended']],
]);

/** The set tuned when no knob is named. */
const DEFAULT_SET = 'default';

/**
 * Sets whose naming is the opt-in to restart knobs: 'extended' holds shared_buffers and
 * wal_buffers, which take effect only after a restart, and asking for it means tuning them.
 */
const RESTART_SETS: ReadonlySet<string> = new Set(['extended']);

/** The knobs and sets a caller may name, for messages that refuse a name. */
export function knownKnobsHint(catalog: readonly { name: string }[] = KNOB_CATALOG): string {
  return `known knobs: ${catalog.map((k) => k.name).join(', ')}; sets: ${[...KNOB_SETS.keys()].join(', ')}`;
}

/**
 * Whether restart knobs may be tuned: the explicit opt-in, or a set whose naming is one
 * (RESTART_SETS). The session schema (lib/session/session-options.ts) applies it, so the
 * stored allow_restart says what was tuned, whoever created the session.
 */
export function allowsRestart(requested: readonly string[], allowRestart: boolean): boolean {
  return allowRestart || requested.some((name) => RESTART_SETS.has(name.trim()));
}

/**
 * What the resolver reads of a catalog entry: the local catalog's KnobSpec and the
 * collector's KnobState (GetKnobs) both are one.
 */
export interface KnobSetMember {
  name: string;
  groups: readonly string[];
  restartRequired: boolean;
  /** 'none' (or '' from a collector that leaves it unset) is safe; anything else may lose commits. */
  durabilityRisk: string;
  /** pg_settings context, for messages; 'postmaster' when unknown. */
  context?: string;
}

export interface KnobSetOptions {
  /** The caller's opt-in to knobs that take effect only after a restart (widened by allowsRestart). */
  allowRestart: boolean;
  /** Permit knobs that may lose the last commits after a crash (synchronous_commit). */
  allowDurabilityRisk: boolean;
  /** Whether the server may be restarted (ServerInfo.can_restart). */
  canRestart: boolean;
  /** Names the collector in messages. */
  collectorAddress: string;
}

/**
 * The knobs a session tunes, from knob names and set names ('default', 'extended'), out of
 * `catalog` (the collector's GetKnobs answer, in catalog order, or KNOB_CATALOG itself).
 * Empty = the default set. The result keeps catalog order, so the names, not how they were
 * typed, fix the action vector; a name given twice counts once.
 *
 * Restart knobs need allow_restart, which naming 'extended' implies (allowsRestart). A knob
 * named explicitly that needs a restart or risks durability without the matching opt-in is
 * refused; a set leaves such knobs out instead (synchronous_commit is in no set anyway).
 * fsync and full_page_writes are refused with the reason.
 *
 * @throws InvalidArgumentError naming `knobs[i]` for an unknown, never-tunable or refused
 * knob; FailedPreconditionError when restart knobs are chosen but the server may not restart.
 */
export function resolveKnobSet<K extends KnobSetMember>(requested: readonly string[], catalog: readonly K[], options: KnobSetOptions): K[] {
  const byName = new Map(catalog.map((k) => [k.name, k]));
  const allowRestart = allowsRestart(requested, options.allowRestart);
  const chosen = new Set<string>();
  const items = requested.length === 0 ? [DEFAULT_SET] : requested.map((name) => name.trim());
  items.forEach((item, i) => {
    const field = requested.length === 0 ? 'knobs' : `knobs[${i}]`;
    const groups: readonly string[] | undefined = KNOB_SETS.get(item);
    if (groups) {
      const members = catalog.filter((k) => k.groups.some((g) => groups.includes(g)));
      if (members.length === 0) {
        throw new FailedPreconditionError(`the collector at ${options.collectorAddress} has no knob in the "${item}" set`);
      }
      for (const knob of members) if (permitted(knob, allowRestart, options)) chosen.add(knob.name);
      return;
    }
    const never = NEVER_TUNABLE.get(item);
    if (never) throw new InvalidArgumentError(field, never);
    const knob = byName.get(item);
    if (!knob) {
      throw new InvalidArgumentError(field, `"${item}" is not a knob of the collector's catalog; ${knownKnobsHint(catalog)}`);
    }
    refuseUnpermitted(knob, field, allowRestart, options);
    chosen.add(knob.name);
  });
  const selected = catalog.filter((k) => chosen.has(k.name));
  if (selected.length === 0) {
    throw new InvalidArgumentError('knobs', `no knob left to tune from ${items.join(', ')} (restart knobs need allow_restart)`);
  }
  const restart = selected.filter((k) => k.restartRequired).map((k) => k.name);
  if (restart.length > 0 && !options.canRestart) {
    throw new FailedPreconditionError(
      `${restart.join(', ')} take effect only after a restart, and the collector at ${options.collectorAddress} may not restart its server: ` +
        'start it with --data-dir (pg_ctl) or --restart-command, or tune knobs a reload can change',
    );
  }
  return selected;
}

function permitted(knob: KnobSetMember, allowRestart: boolean, options: KnobSetOptions): boolean {
  return (!knob.restartRequired || allowRestart) && (isSafe(knob) || options.allowDurabilityRisk);
}

function refuseUnpermitted(knob: KnobSetMember, field: string, allowRestart: boolean, options: KnobSetOptions): void {
  if (knob.restartRequired && !allowRestart) {
    throw new InvalidArgumentError(
      field,
      `${knob.name} takes effect only after a server restart (context ${knob.context || 'postmaster'}), and restarts bias short benchmarks; ` +
        'set allow_restart to tune it, or leave it out of --knobs',
    );
  }
  if (!isSafe(knob) && !options.allowDurabilityRisk) {
    throw new InvalidArgumentError(
      field,
      `${knob.name} (${knob.durabilityRisk}) may lose the last commits after a crash; set allow_durability_risk to tune it, or leave it out of --knobs`,
    );
  }
}

function isSafe(knob: KnobSetMember): boolean {
  return knob.durabilityRisk === '' || knob.durabilityRisk === 'none';
}
