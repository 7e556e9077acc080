import type { KnobSetting__Output as KnobSetting } from '../../proto/generated/autotune/v1/KnobSetting';

/** Repeated measurements of one configuration during verification, in run order. */
export interface MeasuredRuns {
  tps: number[];
  latencyAvgMs: number[];
  p95Ms: number[];
  p99Ms: number[];
}

export interface RatioInterval {
  median: number;
  /** 95% bootstrap interval. */
  low: number;
  high: number;
}

export interface VerifiedCandidate extends MeasuredRuns {
  /** "candidate-1" ... in order of their tuning score. */
  label: string;
  /** The tuning iteration (n) the candidate came from. */
  fromIteration: number;
  knobs: KnobSetting[];
  tpsRatio: RatioInterval;
  p95Ratio: RatioInterval;
}

/**
 * What the Finish step measured and concluded; stored as the recommendation's report and the
 * source of every report view. Ratios are candidate / baseline medians of interleaved pairs:
 * tps above 1 and p95 below 1 are better.
 */
export interface VerificationRecord {
  /** Interleaved runs per configuration (A B A B ...). */
  repeats: number;
  /** The tuned knobs as the server had them when the session started. */
  baselineKnobs: KnobSetting[];
  baseline: MeasuredRuns;
  candidates: VerifiedCandidate[];
  /** Label of the recommended candidate; null when none beat the baseline. */
  chosen: string | null;
  /** The chosen candidate's ratios (or the best one's, when none was chosen). */
  tpsRatio: RatioInterval;
  p95Ratio: RatioInterval;
  /** True when the tps interval excludes 1 (above it) or the p95 interval excludes 1 (below it). */
  significant: boolean;
  /** Plain sentence for people: "+12% TPS (95% CI +4%..+20%)" or "no significant improvement". */
  summary: string;
  /** What the measurement cannot see (short runs after restarts, cold caches, ...). */
  caveats: string[];
  /** Whether the recommended config was left applied (--apply-best) or the original restored. */
  appliedBest: boolean;
}
