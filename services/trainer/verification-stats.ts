import { InvalidArgumentError } from '../../lib/core/errors';
import { studentTQuantile } from '../../lib/stats/student-t';

/**
 * Statistics of the Finish step: is a candidate configuration really better than the
 * baseline, given runs that vary by 10-40% from one to the next, with as few as 2 or 3 pairs?
 *
 * The runs are bracketed, so candidate run i and the baseline interpolated to it (A_i) share
 * the drift of the moment (table bloat, cache state). The estimate therefore works on per-pair
 * log ratios d_i = ln(B_i / A_i), which are close to normal for multiplicative noise: the point
 * estimate is exp(mean d) (the geometric mean of the ratios, the median ratio when the log
 * ratios are symmetric) and the interval is Student's t interval with n - 1 degrees of freedom,
 * exp(mean d +- t * s / sqrt(n)), exact for normal log ratios at every n >= 2. A percentile
 * bootstrap is not: with 2 or 3 pairs it returns the range of the ratios, which two lucky pairs
 * on the same side make look "significant".
 */
export interface RunMeasurement {
  tps: number;
  p95Ms: number;
}

/** A ratio candidate / baseline with its interval (the proto's RatioEstimate, plus verdicts). */
export interface RatioInterval {
  /** exp(mean log ratio). Named as the stored and proto field it fills. */
  median: number;
  /** The t interval at `confidence`; with 1 pair there is none and low = high = median. */
  low: number;
  high: number;
  /**
   * exp(h) - 1 for the interval's half-width h on the log scale: changes smaller than this
   * could not be told from no change. Undefined with a single pair.
   */
  resolution?: number;
  /** The interval excludes 1 (and there were enough pairs to say so). */
  significant: boolean;
  /** Significant in the good direction: tps low > 1, p95 high < 1. */
  improved: boolean;
}

export interface Comparison {
  pairs: number;
  /** The level of both intervals. */
  confidence: number;
  tps: RatioInterval;
  p95: RatioInterval;
}

export interface IntervalOptions {
  /** Two-sided level of the intervals. @defaultValue 0.95 */
  confidence?: number;
  /**
   * Fewer pairs never count as significant, whatever the interval says: the t interval is
   * exact only for normal log ratios, and with 2 pairs one outlier decides it.
   * @defaultValue 3
   */
  minPairs?: number;
  /**
   * Factor on the variance of the mean log ratio, >= 0, for pairs that are not independent
   * (bracketed pairs share baseline runs; see verify-candidates.ts). @defaultValue 1
   */
  designEffect?: number;
}

const DEFAULTS: Required<IntervalOptions> = { confidence: 0.95, minPairs: 3, designEffect: 1 };

/** Compares candidate runs with the baseline runs they were paired with (pair i = A_i, B_i). */
export function compareRuns(
  baseline: readonly RunMeasurement[],
  candidate: readonly RunMeasurement[],
  options: IntervalOptions = {},
): Comparison {
  const { confidence, minPairs, designEffect } = { ...DEFAULTS, ...options };
  if (!(confidence > 0 && confidence < 1)) throw new InvalidArgumentError('confidence', `must be strictly between 0 and 1, got ${confidence}`);
  if (!(Number.isFinite(designEffect) && designEffect >= 0)) throw new InvalidArgumentError('designEffect', `must be a finite number >= 0, got ${designEffect}`);
  if (baseline.length === 0 || baseline.length !== candidate.length) {
    throw new InvalidArgumentError('candidate', `needs one run per baseline run (pairs), got ${candidate.length} and ${baseline.length}`);
  }
  const tps = baseline.map((a, i) => logRatio(candidate[i]!.tps, a.tps, `runs[${i}].tps`));
  const p95 = baseline.map((a, i) => logRatio(candidate[i]!.p95Ms, a.p95Ms, `runs[${i}].p95Ms`));
  const enough = baseline.length >= minPairs;
  const interval = { confidence, enough, designEffect };
  return { pairs: baseline.length, confidence, tps: tInterval(tps, interval, 'higher'), p95: tInterval(p95, interval, 'lower') };
}

/**
 * The candidate with the best point estimates, scored as the session's objective:
 * w_tps * ln(tps ratio) - w_latency * ln(p95 ratio). A score of 0 is the baseline's, so a
 * caller can tell "best" from "better than what we had".
 */
export function pickBest<T>(
  candidates: readonly T[],
  comparisonOf: (candidate: T) => Comparison,
  weights: { tps: number; latency: number },
): { best: T; score: number } {
  if (candidates.length === 0) throw new InvalidArgumentError('candidates', 'needs at least one candidate');
  const scored = candidates.map((c) => {
    const cmp = comparisonOf(c);
    return { best: c, score: weights.tps * Math.log(cmp.tps.median) - weights.latency * Math.log(cmp.p95.median) };
  });
  return scored.reduce((a, b) => (b.score > a.score ? b : a));
}

function tInterval(
  logs: readonly number[],
  options: { confidence: number; enough: boolean; designEffect: number },
  better: 'higher' | 'lower',
): RatioInterval {
  const n = logs.length;
  const mean = logs.reduce((s, d) => s + d, 0) / n;
  const point = Math.exp(mean);
  if (n < 2) return { median: point, low: point, high: point, significant: false, improved: false };
  const variance = logs.reduce((s, d) => s + (d - mean) ** 2, 0) / (n - 1);
  const t = studentTQuantile(1 - (1 - options.confidence) / 2, n - 1);
  const half = t * Math.sqrt((variance * options.designEffect) / n);
  const low = Math.exp(mean - half);
  const high = Math.exp(mean + half);
  const significant = options.enough && (low > 1 || high < 1);
  return {
    median: point,
    low,
    high,
    resolution: Math.expm1(half),
    significant,
    improved: significant && (better === 'higher' ? low > 1 : high < 1),
  };
}

function logRatio(b: number, a: number, field: string): number {
  if (!Number.isFinite(a) || a <= 0) throw new InvalidArgumentError(`baseline ${field}`, `must be a finite number > 0, got ${a}`);
  // A zero would be ln 0 = -infinity: a run that measured nothing is a failed run, not a ratio.
  if (!Number.isFinite(b) || b <= 0) throw new InvalidArgumentError(`candidate ${field}`, `must be a finite number > 0, got ${b}`);
  return Math.log(b / a);
}
