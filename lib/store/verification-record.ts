import type { KnobSetting__Output as KnobSetting } from '../../proto/generated/autotune/v1/KnobSetting';

/** Repeated measurements of one configuration during verification, in run order. */
export interface MeasuredRuns {
  tps: number[];
  latencyAvgMs: number[];
  p95Ms: number[];
  p99Ms: number[];
}

export interface RatioInterval {
  /** The point estimate: exp(mean of the per-pair log ratios); records written before sequential verification stored the median ratio. */
  median: number;
  /**
   * Student t interval on the log ratios at the record's `confidence` (95% bootstrap
   * intervals in older records); with one pair there is none and low = high = median.
   */
  low: number;
  high: number;
  /**
   * exp(h) - 1, h the interval's half-width on the log scale: a change smaller than +-this
   * could not be told from no change. Absent with one pair and in older records.
   */
  resolution?: number;
}

/** What the sequential verification concluded about a candidate (services/trainer/verification-plan.ts). */
export type CandidateDecision = 'better' | 'below-min-gain' | 'undecided';

export interface VerifiedCandidate extends MeasuredRuns {
  /** "candidate-1" ... in order of their tuning score. */
  label: string;
  /** The tuning iteration (n) the candidate came from. */
  fromIteration: number;
  knobs: KnobSetting[];
  tpsRatio: RatioInterval;
  p95Ratio: RatioInterval;
  /** Bracketed rounds (pairs) this candidate ran before it stopped. Absent in older records. */
  rounds?: number;
  /** Why it stopped: better, below-min-gain, or undecided at the last round. Absent in older records. */
  decision?: CandidateDecision;
}

/**
 * What the Finish step measured and concluded; stored as the recommendation's report and the
 * source of every report view. Ratios are candidate / baseline medians of interleaved pairs:
 * tps above 1 and p95 below 1 are better.
 */
export interface VerificationRecord {
  /** Bracketed rounds run (the baseline's; a candidate that stopped early ran fewer, see its `rounds`). */
  repeats: number;
  /** The most rounds allowed (verify_repeats). Absent in records before sequential verification. */
  maxRounds?: number;
  /** The smallest gain worth recommending, a fraction (min_gain). Absent in older records. */
  minGain?: number;
  /**
   * Level of the intervals: 1 - 0.05 / (candidates x looks), so that all looks at all
   * candidates together call an A-against-A comparison better at most 5% of the time.
   * Absent in older records (their intervals are 95%).
   */
  confidence?: number;
  /** Looks planned per candidate (after each round from the 3rd on). Absent in older records. */
  looks?: number;
  /** The tuned knobs as the server had them when the session started. */
  baselineKnobs: KnobSetting[];
  baseline: MeasuredRuns;
  candidates: VerifiedCandidate[];
  /** Label of the recommended candidate; null when none beat the baseline. */
  chosen: string | null;
  /** The chosen candidate's ratios (or the best one's, when none was chosen). */
  tpsRatio: RatioInterval;
  p95Ratio: RatioInterval;
  /** True when a candidate was found better (tps interval above 1 or p95 interval below 1) and recommended. */
  significant: boolean;
  /** Plain sentence for people: "+12% TPS (95% CI +4%..+20%)" or "no significant improvement". */
  summary: string;
  /** What the measurement cannot see (short runs after restarts, cold caches, ...). */
  caveats: string[];
  /** Whether the recommended config was left applied (--apply-best) or the original restored. */
  appliedBest: boolean;
  /** What each changed knob of the recommendation is worth; absent when none was recommended, with ablation_rounds 0, and in older records. */
  ablation?: AblationRecord;
}

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
