import { describe, expect, it } from 'vitest';
import { coefficientOfVariation, driftPerRun, nullComparison, nullSummary, tQuantile975 } from '../../bench/noise-stats';

describe('noise-stats', () => {
  it('drift is the fitted slope in % of the mean per run', () => {
    expect(driftPerRun([90, 100, 110])).toBeCloseTo(10, 10);
    expect(driftPerRun([100, 100, 100])).toBe(0);
    expect(coefficientOfVariation([90, 110])).toBeCloseTo((100 * Math.SQRT2 * 10) / 100, 10);
  });

  it('bracketing cancels a linear drift: a steadily falling series is no change', () => {
    const falling = Array.from({ length: 11 }, (_, i) => 2000 - 50 * i);
    const c = nullComparison(falling, 5);
    expect(Math.abs(c.changePct)).toBeLessThan(0.2);
  });

  it('a B systematically higher than its A neighbours is significant; alternating noise is not', () => {
    const shifted = [100, 110, 101, 111, 99, 109, 100];
    expect(nullComparison(shifted, 3).significant).toBe(true);
    const noisy = [100, 104, 98, 95, 102, 103, 99];
    expect(nullComparison(noisy, 3).significant).toBe(false);
  });

  it('the summary counts every window and the t table has its textbook values', () => {
    const s = nullSummary(Array.from({ length: 12 }, (_, i) => 100 + (i % 3)), 3);
    expect(s.comparisons).toBe(6);
    expect(Number.isFinite(s.medianHalfWidthPct)).toBe(true);
    expect(nullSummary([1, 2, 3], 3).comparisons).toBe(0);
    expect(tQuantile975(1)).toBe(12.706);
    expect(tQuantile975(9)).toBe(2.262);
    expect(tQuantile975(100)).toBe(1.96);
    expect(() => nullComparison([1, 2, 3], 3)).toThrow(RangeError);
  });
});
