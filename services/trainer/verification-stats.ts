import { InvalidArgumentError } from '../../lib/core/errors';
import { SeededRandom } from '../../model/seeded-random';

/**
 * Statistics of the Finish step: is a candidate configuration really better than the
 * baseline, given runs that vary by 20-40% from one to the next?
 *
 * The runs are interleaved (A B A B ...), so baseline run i and candidate run i were measured
 * next to each other and share the drift of the moment (table bloat, cache state). The
 * estimate therefore works on per-pair ratios B_i / A_i: the point estimate is their median,
 * and the 95% interval is a percentile bootstrap that resamples whole pairs. Resampling
 * each group independently would throw the pairing away and let drift widen the interval.
 */
export interface RunMeasurement {
  tps: number;
  p95Ms: number;
}

/** A ratio candidate / baseline with its bootstrap interval (the proto's RatioEstimate, plus verdicts). */
export interface RatioInterval {
  median: number;
  low: number;
  high: number;
  /** The interval excludes 1 (and there were enough pairs to say so). */
  significant: boolean;
  /** Significant in the good direction: tps low > 1, p95 high < 1. */
  improved: boolean;
}

export interface Comparison {
  pairs: number;
  tps: RatioInterval;
  p95: RatioInterval;
}

export interface BootstrapOptions {
  /** @defaultValue 2000 */
  resamples?: number;
  /** Seed of the resampling generator: the same runs always give the same report. @defaultValue 1 */
  seed?: number;
  /**
   * Fewer pairs never count as significant. With n pairs the percentile interval of a median
   * is close to the range of the ratios, so with 1 or 2 pairs any consistent ordering
   * (a coin flip or two) would be called significant.
   * @defaultValue 3
   */
  minPairs?: number;
}

const DEFAULTS: Required<BootstrapOptions> = { resamples: 2000, seed: 1, minPairs: 3 };

/** Compares candidate runs with the baseline runs they were interleaved with (pair i = A_i, B_i). */
export function compareRuns(
  baseline: readonly RunMeasurement[],
  candidate: readonly RunMeasurement[],
  options: BootstrapOptions = {},
): Comparison {
  const { resamples, seed, minPairs } = { ...DEFAULTS, ...options };
  if (!Number.isInteger(resamples) || resamples < 1) throw new InvalidArgumentError('resamples', `must be an integer >= 1, got ${resamples}`);
  if (baseline.length === 0 || baseline.length !== candidate.length) {
    throw new InvalidArgumentError('candidate', `needs one run per baseline run (pairs), got ${candidate.length} and ${baseline.length}`);
  }
  const tpsRatios = baseline.map((a, i) => ratio(candidate[i]!.tps, a.tps, `runs[${i}].tps`));
  const p95Ratios = baseline.map((a, i) => ratio(candidate[i]!.p95Ms, a.p95Ms, `runs[${i}].p95Ms`));

  const random = new SeededRandom(seed);
  const n = baseline.length;
  const tpsMedians = new Float64Array(resamples);
  const p95Medians = new Float64Array(resamples);
  const tpsDraw = new Array<number>(n);
  const p95Draw = new Array<number>(n);
  for (let r = 0; r < resamples; r++) {
    for (let j = 0; j < n; j++) {
      const pick = random.int(n);
      tpsDraw[j] = tpsRatios[pick]!;
      p95Draw[j] = p95Ratios[pick]!;
    }
    tpsMedians[r] = median(tpsDraw);
    p95Medians[r] = median(p95Draw);
  }
  const enough = n >= minPairs;
  return {
    pairs: n,
    tps: interval(median(tpsRatios), tpsMedians.sort(), enough, 'higher'),
    p95: interval(median(p95Ratios), p95Medians.sort(), enough, 'lower'),
  };
}

/**
 * The candidate with the best median ratios, scored as the session's objective:
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

/** The median; the mean of the two middle values for an even count. */
export function median(values: ArrayLike<number>): number {
  if (values.length === 0) throw new InvalidArgumentError('values', 'the median of nothing is undefined');
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function interval(point: number, sortedMedians: Float64Array, enough: boolean, better: 'higher' | 'lower'): RatioInterval {
  const low = quantile(sortedMedians, 0.025);
  const high = quantile(sortedMedians, 0.975);
  const significant = enough && (low > 1 || high < 1);
  return { median: point, low, high, significant, improved: significant && (better === 'higher' ? low > 1 : high < 1) };
}

// Linear interpolation between order statistics (R's type 7).
function quantile(sorted: Float64Array, q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (pos - lo) * (sorted[hi]! - sorted[lo]!);
}

function ratio(b: number, a: number, field: string): number {
  if (!Number.isFinite(a) || a <= 0) throw new InvalidArgumentError(`baseline ${field}`, `must be a finite number > 0, got ${a}`);
  if (!Number.isFinite(b) || b < 0) throw new InvalidArgumentError(`candidate ${field}`, `must be a finite number >= 0, got ${b}`);
  return b / a;
}
