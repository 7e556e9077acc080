import type { KnobSetting__Output as KnobSetting } from '../../proto/generated/autotune/v1/KnobSetting';
import { ABLATION_RULES } from '../../lib/session/session-limits';

/** The recommendation with one changed knob put back to its baseline value. */
export interface AblationVariant {
  /** "without work_mem": the run label of this variant. */
  label: string;
  knob: string;
  recommended: string;
  reverted: string;
  knobs: KnobSetting[];
}

export type AblationPlan =
  | { variants: AblationVariant[]; rounds: number; confidence: number; skipped?: undefined }
  | { skipped: string; changed: number };

/** The run label of the recommendation itself in an ablation. */
export const RECOMMENDED_LABEL = 'recommended';

/**
 * What to measure for the ablation of a recommendation: one variant per knob whose value
 * differs from the session's baseline (the start configuration when there was one), the
 * recommendation with that knob alone reverted. Values are compared as the collector reports
 * them (pg_settings' base unit), as candidate selection compares steps with the baseline.
 *
 * Skipped, with the reason, when
 *   - one knob changed: reverting it is the baseline, which the verification just measured;
 *   - more than ABLATION_RULES.maxKnobs changed: too many runs per round, and the interval
 *     level split over that many knobs resolves nothing in a few rounds.
 * The intervals are at 1 - alpha / knobs (Bonferroni over the knobs): whichever knob it
 * happens to, the chance that reverting a knob that does nothing is called a gain or a harm is
 * at most alpha per metric. The rounds are fixed (one look), so no correction for looks.
 */
export function planAblation(options: { recommended: readonly KnobSetting[]; baseline: readonly KnobSetting[]; rounds: number }): AblationPlan {
  const from = new Map(options.baseline.map((k) => [k.name, k.value.trim()]));
  const changed = options.recommended.filter((k) => from.has(k.name) && from.get(k.name) !== k.value.trim());
  if (changed.length <= 1) {
    const what = changed.length === 0 ? 'no knob changed' : 'only one knob changed: reverting it is the baseline, which the verification measured';
    return { skipped: what, changed: changed.length };
  }
  if (changed.length > ABLATION_RULES.maxKnobs) {
    return {
      skipped: `${changed.length} knobs changed, more than the ${ABLATION_RULES.maxKnobs} an ablation measures (each round costs a run per knob)`,
      changed: changed.length,
    };
  }
  const variants = changed.map((knob) => {
    const reverted = from.get(knob.name)!;
    return {
      label: `without ${knob.name}`,
      knob: knob.name,
      recommended: knob.value,
      reverted,
      knobs: options.recommended.map((k) => (k.name === knob.name ? { name: k.name, value: reverted } : { ...k })),
    };
  });
  return { variants, rounds: options.rounds, confidence: 1 - ABLATION_RULES.falsePositiveRate / variants.length };
}
