import type { QueryMix__Output as QueryMix } from '../../proto/generated/autotune/v1/QueryMix';
import { InvalidArgumentError } from '../../lib/core/errors';
import { QUERY_MIX_RULES } from '../../lib/session/session-limits';

/** The pooled share of every statement a mix does not name. */
export const OTHER_STATEMENTS = 'other';

/** An interval's calls as shares: per queryid of the named statements, and OTHER_STATEMENTS for the rest; they sum to 1. */
export interface MixShares {
  calls: number;
  shares: Record<string, number>;
}

/**
 * What a watch concluded of the query mix, as its last run row stores it (metrics.queryMix):
 * - `unavailable`: no pg_stat_statements (or no reading); nothing to compare;
 * - `no-interval`: no earlier reading to count from (the first watch of a trainer, or the collector restarted);
 * - `little-traffic`: fewer than QUERY_MIX_RULES.minCalls calls since the last watch;
 * - `reference`: the round's first mix with enough calls, what later watches compare with (`shares`);
 * - `compared`: `distance` from the reference, `changed` when above `threshold`.
 */
export interface MixDecision {
  state: 'unavailable' | 'no-interval' | 'little-traffic' | 'reference' | 'compared';
  changed: boolean;
  /** One line for people, e.g. "query mix changed: distance 0.42 > 0.25". */
  verdict: string;
  calls?: number;
  shares?: Record<string, number>;
  distance?: number;
  threshold?: number;
}

/**
 * The shares of an interval's calls. `named`: the statements to name (a reference's, so both
 * sides share one set of keys); without it, the interval's own listed statements, the top by
 * calls. Everything else is pooled as OTHER_STATEMENTS.
 */
export function mixShares(mix: Pick<QueryMix, 'statements' | 'totalCalls'>, named?: readonly string[]): MixShares {
  const total = mix.totalCalls;
  if (!(total > 0)) throw new InvalidArgumentError('totalCalls', `must be above 0 to give shares, got ${total}`);
  const keys = named ?? mix.statements.filter((s) => s.calls > 0).map((s) => s.queryid);
  const byId = new Map(mix.statements.map((s) => [s.queryid, s.calls]));
  const shares: Record<string, number> = {};
  let listed = 0;
  for (const id of keys.slice(0, QUERY_MIX_RULES.topStatements)) {
    const calls = byId.get(id) ?? 0;
    shares[id] = calls / total;
    listed += calls;
  }
  shares[OTHER_STATEMENTS] = Math.max(0, total - listed) / total;
  return { calls: total, shares };
}

/** Total variation distance between two share distributions: half the summed absolute difference, 0 (same) to 1 (disjoint). */
export function totalVariation(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): number {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  let sum = 0;
  for (const k of keys) sum += Math.abs((a[k] ?? 0) - (b[k] ?? 0));
  return Math.min(1, sum / 2);
}

/** The queryids a reference names: what a reading must report even outside its own top. */
export function namedStatements(reference: MixShares): string[] {
  return Object.keys(reference.shares).filter((k) => k !== OTHER_STATEMENTS);
}

/**
 * Has the user's query mix changed since the round? `interval` is the mix since the last watch
 * (read with the reference's statements included); the reference is the round's first mix with
 * enough calls. Statements outside the reference's named ones are pooled as other on both
 * sides: pooling can only lower the distance, so a change it reports is there. An unchanged mix
 * (the same shares, at any volume) is at distance 0 and never opens a round.
 */
export function decideMixChange(reference: MixShares | undefined, interval: QueryMix, threshold: number): MixDecision {
  if (!(threshold > 0 && threshold <= 1)) throw new InvalidArgumentError('threshold', `must be a distance in (0, 1], got ${threshold}`);
  if (!interval.available) return { state: 'unavailable', changed: false, verdict: `query mix not available: ${interval.reason || 'no reading'}` };
  if (!interval.interval) {
    return { state: 'no-interval', changed: false, verdict: 'query mix: no earlier reading to count from (this trainer\'s first watch, or the collector restarted)' };
  }
  const calls = interval.totalCalls;
  if (calls < QUERY_MIX_RULES.minCalls) {
    return { state: 'little-traffic', changed: false, calls, verdict: `query mix: ${calls} calls since the last watch, fewer than the ${QUERY_MIX_RULES.minCalls} a mix needs` };
  }
  if (!reference) {
    const { shares } = mixShares(interval);
    return { state: 'reference', changed: false, calls, shares, verdict: `query mix: the round's reference (${calls} calls since the last watch)` };
  }
  const { shares } = mixShares(interval, namedStatements(reference));
  const distance = totalVariation(reference.shares, shares);
  const changed = distance > threshold;
  const verdict = `query mix ${changed ? 'changed' : 'unchanged'}: distance ${distance.toFixed(2)} ${changed ? '>' : '<='} ${threshold.toFixed(2)}`;
  return { state: 'compared', changed, calls, shares, distance, threshold, verdict };
}
