/**
 * The figures `npm run bench:noise` prints for one series of runs of ONE configuration:
 * spread, drift, and what a null comparison (A against A) of the verification's shape reaches.
 * Pure functions over TPS values, so they are unit-tested apart from the benchmark.
 */
import { median } from '../lib/metrics/tps-estimate';

/** Student-t 0.975 quantiles for df 1..30 (a two-sided 95% interval); past 30 the normal 1.96 is within 4%. */
const T_975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101,
  2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/** The 0.975 quantile of Student's t with `df` degrees of freedom. @throws RangeError for df < 1. */
export function tQuantile975(df: number): number {
  if (!(Number.isInteger(df) && df >= 1)) throw new RangeError(`degrees of freedom must be an integer >= 1, got ${df}`);
  return T_975[df - 1] ?? 1.96;
}

export function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

/** The sample standard deviation (n - 1). */
export function sampleSd(values: readonly number[]): number {
  const m = mean(values);
  return Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1));
}

/** Standard deviation over mean, in %. */
export function coefficientOfVariation(values: readonly number[]): number {
  return (100 * sampleSd(values)) / mean(values);
}

/** The slope of a least-squares line through (run index, value), in % of the mean per run. */
export function driftPerRun(values: readonly number[]): number {
  const n = values.length;
  const xMean = (n - 1) / 2;
  const yMean = mean(values);
  let sxy = 0;
  let sxx = 0;
  values.forEach((y, x) => {
    sxy += (x - xMean) * (y - yMean);
    sxx += (x - xMean) ** 2;
  });
  return (100 * (sxy / sxx)) / yMean;
}

/** One null comparison: the interval of B over A in %, and whether it excludes "no change". */
export interface NullComparison {
  /** The mean paired ratio B/A - 1, in %. */
  changePct: number;
  /** The 95% interval's half-width, in % (exp(t x se) - 1 on the log scale). */
  halfWidthPct: number;
  significant: boolean;
}

/**
 * A null comparison over `rounds` rounds of the verification's order A B A B ... A (2 x rounds
 * + 1 runs, one configuration under both labels): each B paired with the A interpolated to its
 * position (the mean of its two neighbours, as verify-candidates.ts does), the paired log ratios
 * given a Student-t interval.
 * @throws RangeError unless runs has exactly 2 x rounds + 1 values and rounds >= 2.
 */
export function nullComparison(runs: readonly number[], rounds: number): NullComparison {
  if (rounds < 2 || runs.length !== 2 * rounds + 1) throw new RangeError(`need 2 x ${rounds} + 1 runs for ${rounds} rounds, got ${runs.length}`);
  const logRatios: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const a = (runs[2 * i]! + runs[2 * i + 2]!) / 2;
    logRatios.push(Math.log(runs[2 * i + 1]! / a));
  }
  const m = mean(logRatios);
  const half = (tQuantile975(rounds - 1) * sampleSd(logRatios)) / Math.sqrt(rounds);
  return { changePct: 100 * (Math.exp(m) - 1), halfWidthPct: 100 * (Math.exp(half) - 1), significant: Math.abs(m) > half };
}

/** What the null comparisons of one round count reached over a series. */
export interface NullSummary {
  rounds: number;
  /** How many windows of 2 x rounds + 1 consecutive runs the series holds (they overlap). */
  comparisons: number;
  /** The median half-width over those windows, in %; NaN when there is none. */
  medianHalfWidthPct: number;
  /** The share of windows called significant, in %; NaN when there is none. */
  falsePositivePct: number;
}

/**
 * Every window of 2 x rounds + 1 consecutive runs of `series` as a null comparison. Windows
 * start at every run, so half of them label the series B A B A ...; labels are arbitrary for
 * one configuration, and consecutive windows keep the drift a verification would meet.
 */
export function nullSummary(series: readonly number[], rounds: number): NullSummary {
  const width = 2 * rounds + 1;
  const found: NullComparison[] = [];
  for (let start = 0; start + width <= series.length; start++) found.push(nullComparison(series.slice(start, start + width), rounds));
  return {
    rounds,
    comparisons: found.length,
    medianHalfWidthPct: found.length === 0 ? NaN : median(found.map((c) => c.halfWidthPct)),
    falsePositivePct: found.length === 0 ? NaN : (100 * found.filter((c) => c.significant).length) / found.length,
  };
}
