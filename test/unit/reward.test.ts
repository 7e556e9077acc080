import { describe, expect, it } from 'vitest';
import { cdbtuneReward, cdbtuneTerm, failurePenalty, rewardTerms } from '../../services/environment/reward';
import { InvalidArgumentError } from '../../lib/core/errors';

const same = { tps: 100, latencyMs: 10 };

describe('cdbtuneTerm', () => {
  it('is 0 when nothing changed', () => {
    // d0 = 0 -> -((1 - 0)^2 - 1) * |1 - 0| = -0, reported as 0
    expect(cdbtuneTerm(0, 0)).toBe(0);
  });

  it('pays quadratically for beating the baseline, scaled by the step gain', () => {
    // ((1 + 0.2)^2 - 1) * |1 + 0.2| = 0.44 * 1.2 = 0.528
    expect(cdbtuneTerm(0.2, 0.2)).toBeCloseTo(0.528, 12);
  });

  it('pays nothing for beating the baseline while falling behind the previous step', () => {
    // ((1.2)^2 - 1) * |1 - 0.2| = 0.352 > 0 but dp < 0 -> 0
    expect(cdbtuneTerm(0.2, -0.2)).toBe(0);
  });

  it('stays negative below the baseline even when the step improved', () => {
    // -((1 + 0.2)^2 - 1) * |1 - 0.6| = -0.44 * 0.4 = -0.176
    expect(cdbtuneTerm(-0.2, 0.6)).toBeCloseTo(-0.176, 12);
  });
});

describe('cdbtuneReward', () => {
  it('is 0 for a run equal to the baseline and the previous step', () => {
    expect(cdbtuneReward(same, same, same)).toBe(0);
  });

  it('rewards higher tps and lower latency with the default 0.6/0.4 weights', () => {
    // tps: d0 = dp = (120 - 100) / 100 = 0.2 -> 0.528
    // latency: d0 = dp = (10 - 8) / 10 = 0.2 -> 0.528
    // 0.6 * 0.528 + 0.4 * 0.528 = 0.528
    expect(cdbtuneReward({ tps: 120, latencyMs: 8 }, same, same)).toBeCloseTo(0.528, 12);
  });

  it('penalises a run worse than both references', () => {
    // tps: d0 = dp = (80 - 100) / 100 = -0.2 -> -((1.2)^2 - 1) * 1.2 = -0.528
    // latency: d0 = dp = (10 - 12.5) / 10 = -0.25 -> -((1.25)^2 - 1) * 1.25 = -0.703125
    // 0.6 * -0.528 + 0.4 * -0.703125 = -0.3168 - 0.28125 = -0.59805
    expect(cdbtuneReward({ tps: 80, latencyMs: 12.5 }, same, same)).toBeCloseTo(-0.59805, 12);
  });

  it('divides latency deltas by the reference latency, not the current one', () => {
    // d0 = dp = (10 - 5) / 10 = 0.5 (dividing by the current 5 would give 1)
    // ((1.5)^2 - 1) * 1.5 = 1.25 * 1.5 = 1.875
    expect(rewardTerms({ tps: 100, latencyMs: 5 }, same, same).latency).toBeCloseTo(1.875, 12);
  });

  it('scores against the baseline and the previous step separately', () => {
    // tps: d0 = (120 - 100) / 100 = 0.2, dp = (120 - 150) / 150 = -0.2 -> 0 (behind previous)
    // latency: d0 = (10 - 8) / 10 = 0.2, dp = (6 - 8) / 6 = -1/3 -> 0
    const terms = rewardTerms({ tps: 120, latencyMs: 8 }, same, { tps: 150, latencyMs: 6 });
    expect(terms).toEqual({ tps: 0, latency: 0 });
    // tps: d0 = -0.2, dp = (80 - 50) / 50 = 0.6 -> -0.44 * 0.4 = -0.176
    expect(rewardTerms({ tps: 80, latencyMs: 10 }, same, { tps: 50, latencyMs: 10 }).tps).toBeCloseTo(-0.176, 12);
  });

  it('applies configurable weights', () => {
    // terms -0.528 and -0.703125 (see above): 0.5 * -0.528 + 0.5 * -0.703125 = -0.6155625
    const worse = { tps: 80, latencyMs: 12.5 };
    expect(cdbtuneReward(worse, same, same, { tps: 0.5, latency: 0.5 })).toBeCloseTo(-0.6155625, 12);
    expect(cdbtuneReward(worse, same, same, { tps: 1, latency: 0 })).toBeCloseTo(-0.528, 12);
  });

  it('names the bad input instead of returning Infinity or NaN', () => {
    expect(() => cdbtuneReward(same, { tps: 0, latencyMs: 10 }, same)).toThrow(/baseline\.tps: must be a finite number > 0/);
    expect(() => cdbtuneReward(same, same, { tps: 100, latencyMs: 0 })).toThrow(/previous\.latencyMs/);
    expect(() => cdbtuneReward({ tps: Number.NaN, latencyMs: 10 }, same, same)).toThrow(InvalidArgumentError);
    expect(() => cdbtuneReward(same, same, same, { tps: 0, latency: 0 })).toThrow(/weights: at least one/);
    expect(() => cdbtuneReward(same, same, same, { tps: -1, latency: 1 })).toThrow(/weights\.tps/);
  });

  it('names every sample field it refuses, with what is allowed and what it got', () => {
    expect(() => rewardTerms({ ...same, tps: -1 }, same, same)).toThrow(/^current\.tps: must be a finite number >= 0, got -1$/);
    expect(() => rewardTerms({ ...same, latencyMs: -1 }, same, same)).toThrow(/^current\.latencyMs: must be a finite number >= 0, got -1$/);
    expect(() => rewardTerms(same, { ...same, latencyMs: 0 }, same)).toThrow(/^baseline\.latencyMs: must be a finite number > 0 \(it divides the deltas\), got 0$/);
    expect(() => rewardTerms(same, same, { ...same, tps: 0 })).toThrow(/^previous\.tps: must be a finite number > 0/);
    expect(() => cdbtuneReward(same, same, same, { tps: 1, latency: -1 })).toThrow(/^weights\.latency: must be a finite number >= 0, got -1$/);
  });

  it('pays a gain over the baseline when the step held level (dp = 0)', () => {
    // d0 = 0.1, dp = 0: ((1.1)^2 - 1) * |1 + 0| = 0.21, not the "walked back" 0.
    expect(cdbtuneTerm(0.1, 0)).toBeCloseTo(0.21, 12);
  });

  it('accepts a run with zero throughput (a stalled server is data)', () => {
    // tps: d0 = dp = -1 -> -((2)^2 - 1) * |1 + 1| = -6; latency unchanged -> 0; 0.6 * -6 = -3.6
    expect(cdbtuneReward({ tps: 0, latencyMs: 10 }, same, same)).toBeCloseTo(-3.6, 12);
  });
});

describe('failurePenalty', () => {
  it('is twice the worst reward seen', () => {
    expect(failurePenalty(-3)).toBe(-6);
  });

  it('is at most -1, so a failure never scores as neutral or good', () => {
    expect(failurePenalty(0)).toBe(-1);
    expect(failurePenalty(-0.3)).toBe(-1); // 2 * -0.3 = -0.6 -> -1
    expect(failurePenalty(0.5)).toBe(-1);
  });

  it('is bounded below by the floor', () => {
    expect(failurePenalty(-80)).toBe(-100); // 2 * -80 = -160 -> floor -100
    expect(failurePenalty(-8, -10)).toBe(-10);
  });

  it('rejects a non-finite worst reward and a floor above -1', () => {
    expect(() => failurePenalty(Number.NEGATIVE_INFINITY)).toThrow(/worstSeen/);
    expect(() => failurePenalty(Number.NEGATIVE_INFINITY)).toThrow(/^worstSeen: must be a finite number, got -Infinity$/);
    expect(() => failurePenalty(-1, 0)).toThrow(/^floor: must be a finite number <= -1, got 0$/);
    // A floor of exactly -1 is allowed: every failure then scores -1.
    expect(failurePenalty(-5, -1)).toBe(-1);
  });
});
