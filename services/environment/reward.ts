import { InvalidArgumentError } from '../../lib/core/errors';
import type { RewardWeights } from '../../lib/session/reward-weights';
import { SESSION_DEFAULTS } from '../../lib/session/session-limits';

/**
 * CDBTune's reward (Zhang et al., SIGMOD'19), scored against both the baseline run and the
 * previous step, for throughput and latency.
 *
 * Which latency: the environment passes p95. In a closed-loop pgbench run the average
 * latency is just clients / tps, so an average-latency term would count throughput twice;
 * the tail is the independent signal, and it is what verification reports.
 */
export interface PerformanceSample {
  tps: number;
  /** p95 latency of the run, in milliseconds. */
  latencyMs: number;
}

/** The two unweighted terms of a reward. */
export interface RewardTerms {
  tps: number;
  latency: number;
}

/** The session's default weighting (lib/session/session-limits.ts says why). */
export const DEFAULT_REWARD_WEIGHTS: Readonly<RewardWeights> = SESSION_DEFAULTS.rewardWeights;

/**
 * Lowest penalty a failed step can get. Rewards are unbounded below (the latency term grows
 * quadratically), and a critic fed ever larger penalties diverges; -100 is still worse than
 * any run short of a 10x slowdown.
 */
export const DEFAULT_PENALTY_FLOOR = -100;

/**
 * One metric's term: `d0` is the relative improvement over the baseline, `dp` over the
 * previous step (positive = better for both metrics).
 */
export function cdbtuneTerm(d0: number, dp: number): number {
  const r = d0 > 0 ? ((1 + d0) ** 2 - 1) * Math.abs(1 + dp) : -((1 - d0) ** 2 - 1) * Math.abs(1 - dp);
  // Better than the baseline but worse than the last step earns nothing: the agent must not
  // be paid for walking back from a better configuration.
  if (r > 0 && dp < 0) return 0;
  // d0 = 0 yields -0, which would show up as "-0" in reports.
  return r === 0 ? 0 : r;
}

/** The throughput and latency terms before weighting. */
export function rewardTerms(
  current: PerformanceSample,
  baseline: PerformanceSample,
  previous: PerformanceSample,
): RewardTerms {
  const tps = nonNegative(current.tps, 'current.tps');
  const lat = nonNegative(current.latencyMs, 'current.latencyMs');
  const tps0 = positive(baseline.tps, 'baseline.tps');
  const lat0 = positive(baseline.latencyMs, 'baseline.latencyMs');
  const tpsPrev = positive(previous.tps, 'previous.tps');
  const latPrev = positive(previous.latencyMs, 'previous.latencyMs');
  return {
    tps: cdbtuneTerm((tps - tps0) / tps0, (tps - tpsPrev) / tpsPrev),
    // Lower latency is better, so the signs flip; deltas divide by the reference latency.
    latency: cdbtuneTerm((lat0 - lat) / lat0, (latPrev - lat) / latPrev),
  };
}

/** The weighted reward of one step: w_tps * r_tps + w_lat * r_lat. */
export function cdbtuneReward(
  current: PerformanceSample,
  baseline: PerformanceSample,
  previous: PerformanceSample,
  weights: RewardWeights = DEFAULT_REWARD_WEIGHTS,
): number {
  const wTps = nonNegative(weights.tps, 'weights.tps');
  const wLat = nonNegative(weights.latency, 'weights.latency');
  if (wTps + wLat === 0) throw new InvalidArgumentError('weights', 'at least one weight must be > 0');
  const terms = rewardTerms(current, baseline, previous);
  return wTps * terms.tps + wLat * terms.latency;
}

/**
 * The score of a step whose configuration failed to apply, crashed the server or was rolled
 * back: twice the worst reward seen so far (OtterTune's rule), at most -1 so that a failure
 * never looks neutral, and never below `floor` so it stays bounded.
 */
export function failurePenalty(worstSeen: number, floor: number = DEFAULT_PENALTY_FLOOR): number {
  if (!Number.isFinite(worstSeen)) throw new InvalidArgumentError('worstSeen', `must be a finite number, got ${worstSeen}`);
  if (!Number.isFinite(floor) || floor > -1) {
    throw new InvalidArgumentError('floor', `must be a finite number <= -1, got ${floor}`);
  }
  return Math.max(floor, Math.min(-1, 2 * worstSeen));
}

function positive(value: number, field: string): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new InvalidArgumentError(field, `must be a finite number > 0 (it divides the deltas), got ${value}`);
  }
  return value;
}

function nonNegative(value: number, field: string): number {
  if (!Number.isFinite(value) || value < 0) throw new InvalidArgumentError(field, `must be a finite number >= 0, got ${value}`);
  return value;
}
