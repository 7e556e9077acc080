import type { KnobSetting__Output as KnobSetting } from '../../proto/generated/autotune/v1/KnobSetting';
import type { IterationRecord } from '../../lib/store/iteration-repository';
import type { MetadataStore } from '../../lib/store/metadata-store';
import type { RunMeasurement } from './verification-stats';

/**
 * The last verified level of the configuration in force: the verification runs, of the newest
 * round that measured it, whose stored knobs are that configuration (every in-force knob, by
 * name and value). Decided by what the server has, not by what the store says happened to the
 * recommendation: a rollback, or a change by hand, leaves the approval state as it was. Both
 * sides come from the collector in one form: the in-force values are the Open's action-space
 * baselines and the stored knobs a Measure's values in effect, both its GetKnobs.
 *
 * Undefined when no round's verification measured it (the watch then opens a round to verify
 * it, watch-loop.ts). The newest round is taken, not only the latest: a rollback to an older
 * round's baseline is compared with that round's runs of it.
 */
export async function verifiedLevel(store: MetadataStore, sessionId: string, inForce: readonly KnobSetting[]): Promise<RunMeasurement[] | undefined> {
  // Failed runs store no TPS (session-runner.ts): they measured nothing.
  const matching = (await store.iterations.list(sessionId, 'verify')).filter(
    (row) => row.error === null && row.tps !== null && row.tps > 0 && row.latencyP95Ms !== null && row.latencyP95Ms > 0 && sameConfiguration(row, inForce),
  );
  if (matching.length === 0) return undefined;
  const round = Math.max(...matching.map((row) => row.round));
  return matching.flatMap((row) => (row.round === round ? [{ tps: row.tps!, p95Ms: row.latencyP95Ms! }] : []));
}

function sameConfiguration(row: Pick<IterationRecord, 'knobs'>, inForce: readonly KnobSetting[]): boolean {
  const stored = new Map(row.knobs.map((k) => [k.name, k.value]));
  return inForce.length > 0 && inForce.every((k) => stored.get(k.name) === k.value);
}
