import { describe, expect, it } from 'vitest';
import type { QueryMix__Output as QueryMix } from '../../proto/generated/autotune/v1/QueryMix';
import { QUERY_MIX_RULES } from '../../lib/session/session-limits';
import { OTHER_STATEMENTS, decideMixChange, mixShares, totalVariation, type MixShares } from '../../services/trainer/query-mix-change';

/** An interval's mix from calls per queryid, listed as a collector lists them (the first `top` by calls, the rest as other). */
function interval(calls: Record<string, number>, top: number = QUERY_MIX_RULES.topStatements, include: string[] = []): QueryMix {
  const ran = Object.entries(calls).sort((a, b) => b[1] - a[1]);
  const listed = ran.slice(0, top).map(([queryid, n]) => ({ queryid, calls: n, totalExecTimeMs: 0 }));
  for (const id of include) if (!listed.some((s) => s.queryid === id)) listed.push({ queryid: id, calls: calls[id] ?? 0, totalExecTimeMs: 0 });
  const total = ran.reduce((t, [, n]) => t + n, 0);
  const named = listed.reduce((t, s) => t + s.calls, 0);
  return { available: true, reason: '', readingId: 'r', interval: true, statements: listed, otherCalls: total - named, otherExecTimeMs: 0, totalCalls: total };
}

const A = { '11': 6000, '22': 3000, '33': 1000 };

function reference(calls: Record<string, number>): MixShares {
  const decision = decideMixChange(undefined, interval(calls), 0.25);
  expect(decision.state).toBe('reference');
  return { calls: decision.calls!, shares: decision.shares! };
}

describe('query mix: shares and their distance', () => {
  it('gives shares that sum to 1, the unnamed statements pooled as other', () => {
    const { shares } = mixShares(interval({ ...A, '44': 500, '55': 500 }, 3));
    expect(shares).toEqual({ '11': 6000 / 11000, '22': 3000 / 11000, '33': 1000 / 11000, [OTHER_STATEMENTS]: 1000 / 11000 });
    expect(Object.values(shares).reduce((t, v) => t + v, 0)).toBeCloseTo(1, 12);
  });

  it('measures total variation: 0 for the same shares, 1 for disjoint ones', () => {
    expect(totalVariation({ a: 0.5, b: 0.5 }, { a: 0.5, b: 0.5 })).toBe(0);
    expect(totalVariation({ a: 1 }, { b: 1 })).toBe(1);
    expect(totalVariation({ a: 0.6, b: 0.4 }, { a: 0.4, b: 0.6 })).toBeCloseTo(0.2, 12);
  });
});

describe('query mix: does a watch open a round?', () => {
  it('never for an unchanged mix, at any volume of traffic', () => {
    const ref = reference(A);
    for (const scale of [0.2, 1, 7]) {
      const same = Object.fromEntries(Object.entries(A).map(([id, n]) => [id, n * scale]));
      const decision = decideMixChange(ref, interval(same, QUERY_MIX_RULES.topStatements, Object.keys(A)), 0.05);
      expect(decision).toMatchObject({ state: 'compared', changed: false, distance: 0 });
      expect(decision.verdict).toBe('query mix unchanged: distance 0.00 <= 0.05');
    }
  });

  it('opens one when calls move to other statements, naming the distance and the threshold', () => {
    const ref = reference(A);
    // 40% of the calls now go to a statement the reference never saw.
    const changed = { '11': 3600, '22': 1800, '33': 600, '99': 4000 };
    const decision = decideMixChange(ref, interval(changed, QUERY_MIX_RULES.topStatements, Object.keys(A)), 0.25);
    expect(decision).toMatchObject({ state: 'compared', changed: true });
    expect(decision.distance).toBeCloseTo(0.4, 12);
    expect(decision.verdict).toBe('query mix changed: distance 0.40 > 0.25');
    // The same change under a higher threshold does not.
    expect(decideMixChange(ref, interval(changed, QUERY_MIX_RULES.topStatements, Object.keys(A)), 0.5).changed).toBe(false);
  });

  it('compares on the reference\'s statements even when one of them fell out of the interval\'s top', () => {
    const ref = reference(A);
    // '33' is not in the top 2 listed, but is included on request: its share is known, not lost in other.
    const decision = decideMixChange(ref, interval({ '11': 6000, '22': 3000, '33': 1000 }, 2, Object.keys(A)), 0.25);
    expect(decision.distance).toBe(0);
  });

  it('decides nothing without pg_stat_statements, without an earlier reading, or with too little traffic', () => {
    const ref = reference(A);
    expect(decideMixChange(ref, { ...interval(A), available: false, reason: 'pg_stat_statements is not installed' }, 0.25)).toMatchObject({
      state: 'unavailable',
      changed: false,
      verdict: 'query mix not available: pg_stat_statements is not installed',
    });
    expect(decideMixChange(ref, { ...interval(A), interval: false }, 0.25)).toMatchObject({ state: 'no-interval', changed: false });
    const few = decideMixChange(ref, interval({ '99': QUERY_MIX_RULES.minCalls - 1 }), 0.25);
    expect(few).toMatchObject({ state: 'little-traffic', changed: false });
  });

  it('refuses a threshold outside (0, 1]', () => {
    expect(() => decideMixChange(undefined, interval(A), 0)).toThrow(/threshold: must be a distance in \(0, 1\], got 0/);
    expect(() => decideMixChange(undefined, interval(A), 1.5)).toThrow(/threshold/);
  });
});
