import { describe, expect, it } from 'vitest';
import { compareRuns, median, pickBest, type RunMeasurement } from '../../services/trainer/verification-stats';

const runs = (tps: number[], p95: number[]): RunMeasurement[] => tps.map((t, i) => ({ tps: t, p95Ms: p95[i]! }));

describe('median', () => {
  it('takes the middle value, or the mean of the two middle values', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });

  it('refuses an empty sample', () => {
    expect(() => median([])).toThrow(/median of nothing/);
  });
});

describe('compareRuns', () => {
  it('finds ratio 1 and no significance for identical runs', () => {
    const a = runs([1000, 1100, 900, 1050], [5, 6, 4, 5.5]);
    const cmp = compareRuns(a, a);
    expect(cmp.pairs).toBe(4);
    expect(cmp.tps).toEqual({ median: 1, low: 1, high: 1, significant: false, improved: false });
    expect(cmp.p95).toEqual({ median: 1, low: 1, high: 1, significant: false, improved: false });
  });

  it('calls a clear doubling significant, with an interval around 2', () => {
    const a = runs([1000, 1020, 980, 1010, 990], [10, 10.2, 9.8, 10.1, 9.9]);
    const b = runs([2000, 2050, 1950, 2030, 1960], [5, 5.2, 4.8, 5.0, 5.1]);
    const cmp = compareRuns(a, b);
    // tps ratios 2000/1000 = 2, 2050/1020 = 2.0098, 1950/980 = 1.9898, 2030/1010 = 2.0099,
    // 1960/990 = 1.9798 -> median 2; a median of resampled ratios lies within their range
    expect(cmp.tps.median).toBeCloseTo(2, 12);
    expect(cmp.tps.low).toBeGreaterThanOrEqual(1960 / 990);
    expect(cmp.tps.low).toBeLessThan(2);
    expect(cmp.tps.high).toBeGreaterThan(2);
    expect(cmp.tps.high).toBeLessThanOrEqual(2030 / 1010);
    expect(cmp.tps).toMatchObject({ significant: true, improved: true });
    // p95 ratios 0.5, 0.5098, 0.4898, 0.4950, 0.5152 -> median 0.5: half the latency is better
    expect(cmp.p95.median).toBeCloseTo(0.5, 12);
    expect(cmp.p95).toMatchObject({ significant: true, improved: true });
  });

  it('gives the range of three ratios as the interval of their median', () => {
    // ratios 1.1, 1.2, 1.3; a resampled median of 3 draws is 1.1 when at least two draws
    // are 1.1: P = 3 * (1/3)^2 * (2/3) + (1/3)^3 = 7/27 = 26% > 2.5%, and likewise 1.3,
    // so the 2.5% and 97.5% quantiles are exactly 1.1 and 1.3.
    const a = runs([100, 100, 100], [10, 10, 10]);
    const b = runs([110, 120, 130], [10, 10, 10]);
    const cmp = compareRuns(a, b);
    expect(cmp.tps.median).toBeCloseTo(1.2, 12);
    expect(cmp.tps.low).toBeCloseTo(1.1, 12);
    expect(cmp.tps.high).toBeCloseTo(1.3, 12);
    expect(cmp.tps.improved).toBe(true);
  });

  it('calls noisy overlapping runs not significant', () => {
    // ratios 1.3, 0.8, 1.1, 0.9, 1.05, 0.95: on both sides of 1
    const a = runs([1000, 1000, 1000, 1000, 1000, 1000], [10, 10, 10, 10, 10, 10]);
    const b = runs([1300, 800, 1100, 900, 1050, 950], [8, 12, 9.5, 11, 10.5, 9]);
    const cmp = compareRuns(a, b);
    expect(cmp.tps.low).toBeLessThan(1);
    expect(cmp.tps.high).toBeGreaterThan(1);
    expect(cmp.tps.significant).toBe(false);
    expect(cmp.p95.significant).toBe(false);
  });

  it('calls a significantly worse candidate significant but not improved', () => {
    const a = runs([1000, 1000, 1000, 1000], [10, 10, 10, 10]);
    const b = runs([500, 520, 480, 510], [20, 21, 19, 20.5]);
    const cmp = compareRuns(a, b);
    expect(cmp.tps).toMatchObject({ significant: true, improved: false });
    expect(cmp.p95).toMatchObject({ significant: true, improved: false });
  });

  it('claims nothing from fewer pairs than minPairs', () => {
    const cmp = compareRuns(runs([100, 100], [10, 10]), runs([200, 210], [5, 5]));
    expect(cmp.tps.low).toBeGreaterThan(1);
    expect(cmp.tps.significant).toBe(false);
    expect(compareRuns(runs([100, 100], [10, 10]), runs([200, 210], [5, 5]), { minPairs: 2 }).tps.significant).toBe(true);
  });

  it('is reproducible for a fixed seed', () => {
    const a = runs([1000, 1200, 900, 1100, 950, 1000, 1050], [10, 9, 11, 10, 12, 10, 9]);
    const b = runs([1100, 1150, 1000, 1300, 900, 1200, 1010], [9, 10, 10, 8, 13, 9, 10]);
    const first = compareRuns(a, b, { seed: 42 });
    expect(compareRuns(a, b, { seed: 42 })).toEqual(first);
    expect(compareRuns(a, b, { seed: 42, resamples: 500 }).tps.median).toBe(first.tps.median);
  });

  it('rejects unpaired runs and unusable values', () => {
    expect(() => compareRuns(runs([1], [1]), runs([1, 2], [1, 2]))).toThrow(/one run per baseline run/);
    expect(() => compareRuns([], [])).toThrow(/one run per baseline run/);
    expect(() => compareRuns(runs([0], [1]), runs([1], [1]))).toThrow(/baseline runs\[0\]\.tps/);
    expect(() => compareRuns(runs([1], [1]), runs([1], [Number.NaN]))).toThrow(/candidate runs\[0\]\.p95Ms/);
    expect(() => compareRuns(runs([1], [1]), runs([1], [1]), { resamples: 0 })).toThrow(/resamples/);
  });
});

describe('pickBest', () => {
  const base = runs([1000, 1000, 1000], [10, 10, 10]);
  const candidates = [
    { name: 'faster', runs: runs([1300, 1250, 1350], [10, 10, 10]) },
    { name: 'slower', runs: runs([900, 950, 850], [10, 10, 10]) },
    { name: 'snappier', runs: runs([1100, 1100, 1100], [5, 5, 5]) },
  ];

  it('ranks by the weighted log of the median ratios', () => {
    // faster: 0.6 * ln(1.3) - 0.4 * ln(1) = 0.6 * 0.26236 = 0.15742
    // snappier: 0.6 * ln(1.1) - 0.4 * ln(0.5) = 0.05719 + 0.27726 = 0.33445
    const { best, score } = pickBest(candidates, (c) => compareRuns(base, c.runs), { tps: 0.6, latency: 0.4 });
    expect(best.name).toBe('snappier');
    expect(score).toBeCloseTo(0.6 * Math.log(1.1) - 0.4 * Math.log(0.5), 12);
    // throughput alone: faster wins
    expect(pickBest(candidates, (c) => compareRuns(base, c.runs), { tps: 1, latency: 0 }).best.name).toBe('faster');
  });

  it('refuses an empty list', () => {
    expect(() => pickBest([], () => compareRuns(base, base), { tps: 0.6, latency: 0.4 })).toThrow(/at least one candidate/);
  });
});
