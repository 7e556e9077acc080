import { VERIFICATION_RULES } from '../../lib/session/session-limits';
import type { Comparison } from './verification-stats';

/**
 * The sequential verification's stopping rule. After each round from `minRounds` on, every
 * candidate still running is looked at: its TPS and p95 intervals are computed and
 *   - better: an interval excludes no change in the good direction (TPS low > 1 or p95
 *     high < 1) and still reaches the smallest gain worth recommending (TPS high >= 1 + g,
 *     or p95 low <= 1 / (1 + g)): it stops, as a possible recommendation;
 *   - below-min-gain: neither interval reaches a worthwhile gain (TPS high < 1 + g and p95
 *     low > 1 / (1 + g)), worse or merely not worth changing a configuration for: it stops;
 *   - otherwise it runs another round, up to `maxRounds` (or the time budget).
 * "Better" asks for the interval above 1, not above 1 + g: the claim is "better than what
 * you have, by an amount not shown to be below g", and the point estimate and interval in
 * the report say how much; an interval entirely above 1 + g needs roughly twice the runs for
 * a 10% effect at g = 3%.
 *
 * Looking after every round and stopping on the first "better" would inflate the chance of a
 * false recommendation with every look, and there are several candidates. The intervals are
 * therefore at level 1 - alpha / (candidates x looks) (Bonferroni): whichever candidate and
 * look it happens at, the chance that any candidate is called better when none differs is at
 * most alpha, and each look's interval leaves alpha/2 to each side, covering TPS and p95
 * together. "Below-min-gain" stops spend nothing: dropping a candidate only removes chances to
 * be wrong. Bonferroni is conservative for correlated looks; it is exact enough to be a
 * promise and simple enough to state in a report.
 */
export interface VerificationPlan {
  /** Rounds before the first look (VERIFICATION_RULES.minRounds, or fewer when maxRounds is smaller). */
  minRounds: number;
  maxRounds: number;
  /** Planned looks per candidate: rounds minRounds..maxRounds; 0 when maxRounds < minRounds (nothing can be called). */
  looks: number;
  /** Level of every interval at a look. */
  confidence: number;
  minGain: number;
}

export type CandidateDecision = 'better' | 'below-min-gain' | 'undecided';

/**
 * `sequential: false` plans one look, after the last round: every candidate runs every round
 * (bench:tuning's cross-verification, whose candidates are also compared with each other, so
 * they need the same rounds), and the intervals need no widening for repeated looks.
 */
export function planVerification(options: { candidates: number; maxRounds: number; minGain: number; sequential?: boolean }): VerificationPlan {
  const { candidates, maxRounds, minGain } = options;
  const possibleLooks = Math.max(0, maxRounds - VERIFICATION_RULES.minRounds + 1);
  const looks = options.sequential === false ? Math.min(1, possibleLooks) : possibleLooks;
  const alpha = VERIFICATION_RULES.falsePositiveRate;
  return {
    minRounds: Math.min(VERIFICATION_RULES.minRounds, maxRounds),
    maxRounds,
    looks,
    // With no look, intervals are shown at the plain 95% and nothing is called.
    confidence: looks === 0 ? 1 - alpha : 1 - alpha / (Math.max(1, candidates) * looks),
    minGain,
  };
}

/** What a look concludes about one candidate (see the rule above). */
export function decide(comparison: Comparison, minGain: number): CandidateDecision {
  const { tps, p95 } = comparison;
  const tpsWorth = 1 + minGain;
  const p95Worth = 1 / (1 + minGain);
  if ((tps.improved && tps.high >= tpsWorth) || (p95.improved && p95.low <= p95Worth)) return 'better';
  if (comparison.pairs >= VERIFICATION_RULES.minRounds && tps.high < tpsWorth && p95.low > p95Worth) return 'below-min-gain';
  return 'undecided';
}
