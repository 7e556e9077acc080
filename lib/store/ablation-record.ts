import type { RatioInterval } from './verification-record';

/**
 * What one changed knob of a recommendation is worth, from reverting it alone
 * (services/trainer/ablation-stats.ts has the rule):
 *   - carries gain: reverting it costs TPS or p95 significantly, by an amount not shown to be below min_gain;
 *   - adds nothing measurable: no interval excludes no change, or the gain it carries is shown below min_gain;
 *   - hurts: reverting it alone is significantly better;
 *   - mixed: significantly better on one metric and worse on the other;
 *   - not measured: a run of the reverted configuration failed.
 */
export const ABLATION_VERDICTS = ['carries gain', 'adds nothing measurable', 'hurts', 'mixed', 'not measured'] as const;
export type AblationVerdict = (typeof ABLATION_VERDICTS)[number];

export interface KnobAblationRecord {
  knob: string;
  /** The value in the recommendation. */
  recommended: string;
  /** The session's baseline (start) value the knob was reverted to. */
  reverted: string;
  /** TPS recommended / without this knob: above 1, the knob adds TPS. Unit (1, 1, 1) when not measured. */
  tpsWorth: RatioInterval;
  /** p95 recommended / without this knob: below 1, the knob lowers p95. */
  p95Worth: RatioInterval;
  verdict: AblationVerdict;
  /** Pairs measured. */
  rounds: number;
}

/**
 * The per-knob ablation of a significant recommendation, stored in the recommendation's report
 * beside the verification. `skipped` says why no knob was measured (one knob changed, more than
 * ABLATION_RULES.maxKnobs, the recommendation's own run failed).
 */
export interface AblationRecord {
  /** Bracketed rounds run. */
  rounds: number;
  /** The rounds asked for (ablation_rounds). */
  maxRounds: number;
  /** Level of every interval: 1 - 0.05 / knobs (Bonferroni). */
  confidence: number;
  /** The smallest gain worth a change (min_gain), as the verdicts used it. */
  minGain: number;
  knobs: KnobAblationRecord[];
  skipped: string | null;
}
