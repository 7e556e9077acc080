import { describe, expect, it } from 'vitest';
import { ablationVerdict, knobWorth } from '../../services/trainer/ablation-stats';
import type { Comparison, RatioInterval } from '../../services/trainer/verification-stats';

/** A comparison of "the recommendation without the knob" against the recommendation, as verification-stats builds it. */
function comparison(tps: [number, number, number], p95: [number, number, number], pairs = 5): Comparison {
  const interval = ([median, low, high]: [number, number, number], better: 'higher' | 'lower'): RatioInterval => {
    const significant = pairs >= 3 && (low > 1 || high < 1);
    return { median, low, high, resolution: Math.sqrt(high / low) - 1, significant, improved: significant && (better === 'higher' ? low > 1 : high < 1) };
  };
  return { pairs, confidence: 0.98, tps: interval(tps, 'higher'), p95: interval(p95, 'lower') };
}

describe('knobWorth', () => {
  it('reads recommended / without: the inverse ratio, its interval turned round, the same resolution', () => {
    const worth = knobWorth(comparison([0.8, 0.75, 0.85], [1.25, 1.2, 1.3]));
    expect(worth.tps.median).toBeCloseTo(1.25, 12);
    expect(worth.tps.low).toBeCloseTo(1 / 0.85, 12);
    expect(worth.tps.high).toBeCloseTo(1 / 0.75, 12);
    expect(worth.tps.resolution).toBeCloseTo(Math.sqrt(0.85 / 0.75) - 1, 12);
    expect(worth.p95.high).toBeCloseTo(1 / 1.2, 12);
  });
});

describe('ablationVerdict (min gain 3%)', () => {
  it('reverting costs TPS by more than could be below 3%: carries gain', () => {
    expect(ablationVerdict(comparison([0.8, 0.75, 0.85], [1.25, 1.2, 1.3]), 0.03)).toBe('carries gain');
  });
  it('a p95 gain alone carries gain too', () => {
    expect(ablationVerdict(comparison([0.99, 0.95, 1.03], [1.1, 1.05, 1.15]), 0.03)).toBe('carries gain');
  });
  it('an interval that includes no change adds nothing measurable', () => {
    expect(ablationVerdict(comparison([0.98, 0.9, 1.07], [1.02, 0.93, 1.1]), 0.03)).toBe('adds nothing measurable');
  });
  it('a gain shown smaller than 3% adds nothing measurable at the gain worth a change', () => {
    // Worth 1.005 .. 1.02 in TPS, 0.985 .. 0.995 in p95: real, and smaller than min gain on both.
    expect(ablationVerdict(comparison([0.99, 1 / 1.02, 1 / 1.005], [1.01, 1.005, 1.015]), 0.03)).toBe('adds nothing measurable');
  });
  it('reverting it alone is better: hurts; better on one metric and worse on the other: mixed', () => {
    expect(ablationVerdict(comparison([1.1, 1.05, 1.15], [0.9, 0.85, 0.95]), 0.03)).toBe('hurts');
    expect(ablationVerdict(comparison([0.8, 0.75, 0.85], [0.9, 0.85, 0.95]), 0.03)).toBe('mixed');
  });
  it('with fewer than 3 pairs nothing is called, however narrow the interval', () => {
    expect(ablationVerdict(comparison([0.8, 0.79, 0.81], [1.25, 1.24, 1.26], 2), 0.03)).toBe('adds nothing measurable');
  });
});
