import { InvalidArgumentError } from '../../lib/core/errors';
import { VERIFICATION_RULES, WATCH_RULES } from '../../lib/session/session-limits';
import { studentTQuantile } from '../../lib/stats/student-t';
import type { RunMeasurement } from './verification-stats';

/**
 * Has the configuration in force drifted below its last verified level? The question a
 * watching session asks at every watch, with runs that vary by 10-40% from one to the next.
 *
 * The reference is the verification's runs of that configuration (the recommendation's when it
 * is in force, the baseline's otherwise); the watch adds `watchRuns` runs of it now. The two
 * samples are not paired (they are hours apart), so the estimate works on per-run log values:
 * the ratio watch / reference is exp(mean log watch - mean log reference), and its interval is
 * Welch's t interval on that difference, at level 1 - WATCH_RULES.falseAlarmRate, with the
 * Welch-Satterthwaite degrees of freedom rounded down (conservative, and a bounded set of
 * quantiles to look up over days of watches). The same is done for p95, in the other direction.
 *
 * Drift, and a new round, only when both hold for TPS (or for p95):
 *  - the interval excludes no change, on the bad side (TPS high < 1, p95 low > 1);
 *  - the point estimate is a drop of more than the threshold (TPS < 1 / (1 + threshold),
 *    p95 > 1 + threshold): a significant 1% slowdown is not worth a tuning round.
 * Fewer than VERIFICATION_RULES.minRounds runs on either side never count: one noisy run, or
 * two, must not open a round. A rise is not drift: the configuration in force got better on its own.
 */
export interface DriftRatio {
  /** exp(mean log watch - mean log reference). */
  median: number;
  low: number;
  high: number;
}

export interface DriftDecision {
  tps: DriftRatio;
  p95: DriftRatio;
  /** The level of both intervals. */
  confidence: number;
  referenceRuns: number;
  watchRuns: number;
  drifted: boolean;
  /** One line for people: what was compared and what it concluded. */
  verdict: string;
}

export function detectDrift(reference: readonly RunMeasurement[], watch: readonly RunMeasurement[], threshold: number): DriftDecision {
  if (!(threshold > 0 && threshold < 1)) throw new InvalidArgumentError('threshold', `must be a fraction in (0, 1), got ${threshold}`);
  const confidence = 1 - WATCH_RULES.falseAlarmRate;
  const tps = welchRatio(
    reference.map((r) => r.tps),
    watch.map((r) => r.tps),
    confidence,
  );
  const p95 = welchRatio(
    reference.map((r) => r.p95Ms),
    watch.map((r) => r.p95Ms),
    confidence,
  );
  const enough = reference.length >= VERIFICATION_RULES.minRounds && watch.length >= VERIFICATION_RULES.minRounds;
  const tpsDrop = tps.high < 1 && tps.median < 1 / (1 + threshold);
  const p95Rise = p95.low > 1 && p95.median > 1 + threshold;
  const drifted = enough && (tpsDrop || p95Rise);
  const pct = (r: DriftRatio) => `${((r.median - 1) * 100).toFixed(1)}% [${((r.low - 1) * 100).toFixed(1)}, ${((r.high - 1) * 100).toFixed(1)}]`;
  const verdict = !enough
    ? `not enough runs to tell (${reference.length} verified, ${watch.length} watched; at least ${VERIFICATION_RULES.minRounds} each)`
    : `${drifted ? 'drift' : 'no drift'}: TPS ${pct(tps)}, p95 ${pct(p95)} against the verified level (${(confidence * 100).toFixed(0)}% intervals, threshold ${(threshold * 100).toFixed(1)}%)`;
  return { tps, p95, confidence, referenceRuns: reference.length, watchRuns: watch.length, drifted, verdict };
}

function welchRatio(reference: readonly number[], watch: readonly number[], confidence: number): DriftRatio {
  const a = logs(reference, 'reference');
  const b = logs(watch, 'watch');
  const point = Math.exp(mean(b) - mean(a));
  if (a.length < 2 || b.length < 2) return { median: point, low: point, high: point };
  const va = variance(a) / a.length;
  const vb = variance(b) / b.length;
  const se = Math.sqrt(va + vb);
  if (se === 0) return { median: point, low: point, high: point };
  const df = Math.max(1, Math.floor((va + vb) ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1))));
  const half = studentTQuantile(1 - (1 - confidence) / 2, df) * se;
  return { median: point, low: Math.exp(Math.log(point) - half), high: Math.exp(Math.log(point) + half) };
}

function logs(values: readonly number[], field: string): number[] {
  if (values.length === 0) throw new InvalidArgumentError(field, 'needs at least one run');
  return values.map((v, i) => {
    if (!(Number.isFinite(v) && v > 0)) throw new InvalidArgumentError(`${field}[${i}]`, `must be a finite number > 0, got ${v}`);
    return Math.log(v);
  });
}

function mean(xs: readonly number[]): number {
  return xs.reduce((s, x) => s + x, 0) / xs.length;
}

function variance(xs: readonly number[]): number {
  const m = mean(xs);
  return xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1);
}
