import type { KnobState__Output as KnobState } from '../proto/generated/autotune/v1/KnobState';
import { FailedPreconditionError, InvalidArgumentError } from '../lib/core/errors';

/** Named knob sets: 'extended' is the default set plus the extended knobs, as the catalog groups them. */
const KNOB_SETS: ReadonlyMap<string, readonly string[]> = new Map([
  ['default', ['default']],
  ['extended', ['default', 'extended']],
]);

export interface KnobSelectionOptions {
  /** Permit knobs that take effect only after a server restart. */
  allowRestart: boolean;
  /** Permit knobs that may lose the last commits after a crash (synchronous_commit). */
  allowDurabilityRisk: boolean;
  /** Whether the collector may restart its server (ServerInfo.can_restart). */
  canRestart: boolean;
  /** Names the collector in messages. */
  collectorAddress: string;
}

/**
 * The knobs an environment tunes, from the request's names and set names and the
 * collector's catalog (GetKnobs, in catalog order). Empty = the catalog's default group.
 * The result keeps catalog order, so the names, not how they were typed, fix the action
 * vector; a name given twice counts once.
 *
 * A knob named explicitly that needs a restart or risks durability without the matching
 * opt-in is refused; a set ('extended') leaves such knobs out instead, so `extended`
 * without allow_restart means the extended knobs a reload can change.
 *
 * @throws InvalidArgumentError naming `knobs[i]` for an unknown or refused knob;
 * FailedPreconditionError when restart knobs are allowed but the collector cannot restart.
 */
export function selectKnobs(requested: readonly string[], catalog: readonly KnobState[], options: KnobSelectionOptions): KnobState[] {
  const byName = new Map(catalog.map((k) => [k.name, k]));
  const chosen = new Set<string>();
  const items = requested.length === 0 ? ['default'] : requested;
  items.forEach((item, i) => {
    const field = requested.length === 0 ? 'knobs' : `knobs[${i}]`;
    const groups = KNOB_SETS.get(item);
    if (groups) {
      const members = catalog.filter((k) => k.groups.some((g) => groups.includes(g)));
      if (members.length === 0) {
        throw new FailedPreconditionError(`the collector at ${options.collectorAddress} has no knob in the "${item}" set`);
      }
      for (const knob of members) if (permitted(knob, options)) chosen.add(knob.name);
      return;
    }
    const knob = byName.get(item);
    if (!knob) {
      throw new InvalidArgumentError(
        field,
        `"${item}" is not a knob of the collector's catalog; known knobs: ${catalog.map((k) => k.name).join(', ')}; sets: ${[...KNOB_SETS.keys()].join(', ')}`,
      );
    }
    refuseUnpermitted(knob, field, options);
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

function permitted(knob: KnobState, options: KnobSelectionOptions): boolean {
  return (!knob.restartRequired || options.allowRestart) && (isSafe(knob) || options.allowDurabilityRisk);
}

function refuseUnpermitted(knob: KnobState, field: string, options: KnobSelectionOptions): void {
  if (knob.restartRequired && !options.allowRestart) {
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

function isSafe(knob: KnobState): boolean {
  return knob.durabilityRisk === '' || knob.durabilityRisk === 'none';
}
