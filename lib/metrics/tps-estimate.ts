import type { TpsEstimator } from '../session/session-limits';

/**
 * The share of the per-second samples the trimmed mean drops at EACH end: 10% keeps the
 * middle 80%, so up to 3 stalled (or burst) seconds of a 30 s run leave it untouched while it
 * still averages more of the series than the median does.
 */
export const TRIM_SHARE = 0.1;

/** The middle value of `values` (the mean of the middle two for an even count). @throws RangeError when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The mean of `values` after dropping floor(share x n) of the lowest and of the highest. @throws RangeError when empty. */
export function trimmedMean(values: readonly number[], share = TRIM_SHARE): number {
  if (values.length === 0) throw new RangeError('trimmed mean of no values');
  if (!(share >= 0 && share < 0.5)) throw new RangeError(`trim share must be in [0, 0.5), got ${share}`);
  const sorted = [...values].sort((a, b) => a - b);
  const cut = Math.floor(share * sorted.length);
  const kept = sorted.slice(cut, sorted.length - cut);
  return kept.reduce((sum, v) => sum + v, 0) / kept.length;
}

/**
 * A run's TPS by `estimator`: pgbench's `totalTps` (transactions over the measured time), or
 * the median / trimmed mean of the per-interval TPS of its progress series, which one stalled
 * second (a checkpoint's fsync, a neighbour's burst) cannot drag down the way it drags the
 * total. An interval with no completed transaction counts as 0 TPS. A run too short for any
 * progress sample falls back to the total.
 */
export function estimateTps(estimator: TpsEstimator, totalTps: number, perIntervalTps: readonly number[]): number {
  if (estimator === 'total' || perIntervalTps.length === 0) return totalTps;
  const series = perIntervalTps.map((tps) => (Number.isFinite(tps) ? tps : 0));
  return estimator === 'median' ? median(series) : trimmedMean(series);
}
