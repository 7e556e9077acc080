import type { AblationVerdict, RatioInterval } from '../../lib/store/verification-record';
import type { Comparison, RatioInterval as StatsInterval } from './verification-stats';

/**
 * What a knob is worth, from the comparison of the recommendation with that knob reverted (B)
 * against the recommendation itself (A): the verification's paired statistics
 * (verification-stats.ts, Student t on the per-pair log ratios, the bracketing's design
 * effect), turned round to read "recommended / without this knob". On the log scale that is a
 * change of sign, so the point estimate is 1 / the ratio, the interval's ends swap and invert,
 * and the resolution (the log half-width) is the same.
 */
export interface KnobWorth {
  /** TPS recommended / without: above 1, the knob adds TPS. */
  tps: RatioInterval;
  /** p95 recommended / without: below 1, the knob lowers p95. */
  p95: RatioInterval;
}

export function knobWorth(comparison: Comparison): KnobWorth {
  return { tps: inverted(comparison.tps), p95: inverted(comparison.p95) };
}

/**
 * The verdict on one knob (lib/store/verification-record.ts says what each means). The intervals
 * are at the ablation's level and count only with enough pairs (the comparison's
 * `significant`, which needs VERIFICATION_RULES.minRounds):
 *   - a gain: TPS worth low > 1 or p95 worth high < 1; a harm: TPS worth high < 1 or p95 worth low > 1;
 *   - both on different metrics: mixed; a harm only: hurts;
 *   - a gain whose interval still reaches min_gain (TPS high >= 1 + g or p95 low <= 1 / (1 + g)):
 *     carries gain, the rule by which the verification called the whole recommendation better;
 *   - anything else adds nothing measurable: no interval excludes no change, or the gain is
 *     shown smaller than the session's smallest gain worth a change. Such a knob is what a
 *     smaller, safer change can leave out, by the session's own measure of "worth it".
 */
export function ablationVerdict(comparison: Comparison, minGain: number): AblationVerdict {
  const worth = knobWorth(comparison);
  const tpsSig = comparison.tps.significant;
  const p95Sig = comparison.p95.significant;
  const gain = (tpsSig && worth.tps.low > 1) || (p95Sig && worth.p95.high < 1);
  const harm = (tpsSig && worth.tps.high < 1) || (p95Sig && worth.p95.low > 1);
  if (gain && harm) return 'mixed';
  if (harm) return 'hurts';
  const worthwhile = worth.tps.high >= 1 + minGain || worth.p95.low <= 1 / (1 + minGain);
  return gain && worthwhile ? 'carries gain' : 'adds nothing measurable';
}

function inverted(interval: StatsInterval): RatioInterval {
  const { median, low, high, resolution } = interval;
  const turned = { median: 1 / median, low: 1 / high, high: 1 / low };
  return resolution === undefined ? turned : { ...turned, resolution };
}
