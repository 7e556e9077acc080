import { describe, expect, it } from 'vitest';
import { decide, planVerification } from '../../services/trainer/verification-plan';
import type { Comparison, RatioInterval } from '../../services/trainer/verification-stats';

// The stopping rule at its boundaries: each case sits exactly on, or just beside, the edge
// the rule draws, so moving an edge (>= to >, <= to <, minRounds 3 to 2) flips a verdict.
const G = 0.03;
const TPS_WORTH = 1 + G;
const P95_WORTH = 1 / (1 + G);

function interval(low: number, high: number, improved: boolean): RatioInterval {
  return { median: Math.sqrt(low * high), low, high, resolution: 0.01, significant: improved || high < 1 || low > 1, improved };
}
/** No change on p95 unless given: a wide interval around 1 that reaches a worthwhile gain either way. */
const wideP95 = interval(0.9, 1.1, false);
const wideTps = interval(0.9, 1.1, false);
function comparison(tps: RatioInterval, p95: RatioInterval, pairs = 3): Comparison {
  return { pairs, confidence: 0.99, tps, p95 };
}

describe('planVerification', () => {
  it('splits the false-positive rate over candidates x looks (Bonferroni)', () => {
    // 5 rounds: looks after rounds 3, 4 and 5; 3 candidates -> 1 - 0.05 / 9.
    expect(planVerification({ candidates: 3, maxRounds: 5, minGain: G })).toEqual({ minRounds: 3, maxRounds: 5, looks: 3, confidence: 1 - 0.05 / 9, minGain: G });
    expect(planVerification({ candidates: 2, maxRounds: 4, minGain: G }).confidence).toBe(1 - 0.05 / 4);
  });

  it('plans one look at exactly 3 rounds, none below, with intervals at the plain 95% then', () => {
    expect(planVerification({ candidates: 1, maxRounds: 3, minGain: G })).toMatchObject({ minRounds: 3, looks: 1, confidence: 0.95 });
    expect(planVerification({ candidates: 3, maxRounds: 3, minGain: G })).toMatchObject({ looks: 1, confidence: 1 - 0.05 / 3 });
    expect(planVerification({ candidates: 3, maxRounds: 2, minGain: G })).toMatchObject({ minRounds: 2, maxRounds: 2, looks: 0, confidence: 0.95 });
    expect(planVerification({ candidates: 3, maxRounds: 1, minGain: G })).toMatchObject({ minRounds: 1, looks: 0, confidence: 0.95 });
  });

  it('counts no candidates as one, so the level stays a probability', () => {
    expect(planVerification({ candidates: 0, maxRounds: 4, minGain: G }).confidence).toBe(1 - 0.05 / 2);
  });
});

describe('decide', () => {
  it('calls better a TPS interval above 1 that reaches 1 + g, including exactly 1 + g', () => {
    expect(decide(comparison(interval(1.001, TPS_WORTH, true), wideP95), G)).toBe('better');
    expect(decide(comparison(interval(1.001, 1.2, true), wideP95), G)).toBe('better');
  });

  it('calls better a p95 interval below 1 that reaches 1 / (1 + g), including exactly it', () => {
    expect(decide(comparison(wideTps, interval(P95_WORTH, 0.999, true)), G)).toBe('better');
    expect(decide(comparison(wideTps, interval(0.8, 0.999, true)), G)).toBe('better');
  });

  it('does not call better an interval that reaches the gain but includes no change', () => {
    expect(decide(comparison(interval(0.99, 1.2, false), wideP95), G)).toBe('undecided');
    expect(decide(comparison(wideTps, interval(0.8, 1.01, false)), G)).toBe('undecided');
  });

  it('stops below-min-gain only when neither interval reaches a worthwhile gain', () => {
    // Significant +1%, both edges short of the gain by a hair.
    const short = comparison(interval(1.005, TPS_WORTH - 1e-9, true), interval(P95_WORTH + 1e-9, 1.05, false));
    expect(decide(short, G)).toBe('below-min-gain');
    // One interval touching its gain exactly keeps the candidate running (or calls it better).
    expect(decide(comparison(interval(0.95, TPS_WORTH, false), interval(P95_WORTH + 1e-9, 1.05, false)), G)).toBe('undecided');
    expect(decide(comparison(interval(0.95, 1.01, false), interval(P95_WORTH, 1.05, false)), G)).toBe('undecided');
  });

  it('never stops a candidate below-min-gain with fewer than 3 pairs', () => {
    const short = (pairs: number) => comparison(interval(0.9, 1.01, false), interval(0.99, 1.1, false), pairs);
    expect(decide(short(2), G)).toBe('undecided');
    expect(decide(short(3), G)).toBe('below-min-gain');
  });

  it('uses the min_gain it is given', () => {
    const c = comparison(interval(1.01, 1.04, true), interval(0.97, 1.05, false));
    expect(decide(c, 0.03)).toBe('better');
    expect(decide(c, 0.05)).toBe('below-min-gain');
  });
});
