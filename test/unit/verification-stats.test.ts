import { describe, expect, it } from 'vitest';
import { compareRuns, pickBest, type RunMeasurement } from '../../services/trainer/verification-stats';

const runs = (tps: number[], p95: number[]): RunMeasurement[] => tps.map((t, i) => ({ tps: t, p95Ms: p95[i]! }));
const flat = (n: number, tps = 100, p95 = 10) => runs(Array(n).fill(tps), Array(n).fill(p95));

describe('compareRuns', () => {
  it('gives the t interval of the log ratios, exponentiated (values by hand, t from a table)', () => {
    // ratios 1.1, 1.2, 1.3: logs 0.095310, 0.182322, 0.262364; mean 0.179999, sd 0.083551,
    // se = sd / sqrt 3 = 0.048238; t(0.975, 2) = 4.303 -> h = 0.207567.
    const cmp = compareRuns(flat(3), runs([110, 120, 130], [10, 10, 10]));
    expect(cmp.pairs).toBe(3);
    expect(cmp.confidence).toBe(0.95);
    expect(cmp.tps.median).toBeCloseTo(Math.exp(0.179999), 5); // 1.19722, the geometric mean
    expect(cmp.tps.low).toBeCloseTo(Math.exp(0.179999 - 0.207567), 3); // 0.9728
    expect(cmp.tps.high).toBeCloseTo(Math.exp(0.179999 + 0.207567), 3); // 1.4734
    expect(cmp.tps.resolution).toBeCloseTo(Math.expm1(0.207567), 3); // ±23.1%
    // The percentile bootstrap called these three pairs significant ([1.1, 1.3]); t does not.
    expect(cmp.tps).toMatchObject({ significant: false, improved: false });
  });

  it('widens the interval for a higher confidence and by the design effect', () => {
    const a = flat(5);
    const b = runs([110, 118, 125, 108, 121], [10, 10, 10, 10, 10]);
    const at95 = compareRuns(a, b);
    const at99 = compareRuns(a, b, { confidence: 0.99 });
    // Same point; half-widths scale as t(0.995, 4) / t(0.975, 4) = 4.604 / 2.776.
    expect(at99.tps.median).toBe(at95.tps.median);
    const half = (r: { low: number; high: number }) => Math.log(r.high / r.low) / 2;
    expect(half(at99.tps) / half(at95.tps)).toBeCloseTo(4.604 / 2.776, 2);
    expect(half(compareRuns(a, b, { designEffect: 4 }).tps) / half(at95.tps)).toBeCloseTo(2, 10);
  });

  it('finds ratio 1, a zero-width interval and nothing significant for identical runs', () => {
    const a = runs([1000, 1100, 900, 1050], [5, 6, 4, 5.5]);
    const cmp = compareRuns(a, a);
    expect(cmp.tps).toEqual({ median: 1, low: 1, high: 1, resolution: 0, significant: false, improved: false });
    expect(cmp.p95).toEqual({ median: 1, low: 1, high: 1, resolution: 0, significant: false, improved: false });
  });

  it('calls a clear doubling significant, with an interval around 2', () => {
    const a = runs([1000, 1020, 980, 1010, 990], [10, 10.2, 9.8, 10.1, 9.9]);
    const b = runs([2000, 2050, 1950, 2030, 1960], [5, 5.2, 4.8, 5.0, 5.1]);
    const cmp = compareRuns(a, b);
    expect(cmp.tps.median).toBeCloseTo(2, 2);
    expect(cmp.tps.low).toBeGreaterThan(1.97);
    expect(cmp.tps.high).toBeLessThan(2.03);
    expect(cmp.tps).toMatchObject({ significant: true, improved: true });
    // Half the latency is better.
    expect(cmp.p95.median).toBeCloseTo(0.5, 1);
    expect(cmp.p95).toMatchObject({ significant: true, improved: true });
  });

  it('calls noisy overlapping runs not significant', () => {
    const b = runs([1300, 800, 1100, 900, 1050, 950], [8, 12, 9.5, 11, 10.5, 9]);
    const cmp = compareRuns(flat(6, 1000), b);
    expect(cmp.tps.low).toBeLessThan(1);
    expect(cmp.tps.high).toBeGreaterThan(1);
    expect(cmp.tps.significant).toBe(false);
    expect(cmp.p95.significant).toBe(false);
  });

  it('calls a significantly worse candidate significant but not improved', () => {
    const b = runs([500, 520, 480, 510], [20, 21, 19, 20.5]);
    const cmp = compareRuns(flat(4, 1000), b);
    expect(cmp.tps).toMatchObject({ significant: true, improved: false });
    expect(cmp.p95).toMatchObject({ significant: true, improved: false });
  });

  it('claims nothing from fewer pairs than minPairs, and gives no interval for one pair', () => {
    // Two pairs: df 1, t = 12.706; consistent doubling still excludes 1, but 2 < 3 pairs.
    const two = compareRuns(flat(2), runs([200, 210], [5, 5]));
    expect(two.tps.low).toBeGreaterThan(1);
    expect(two.tps.significant).toBe(false);
    expect(compareRuns(flat(2), runs([200, 210], [5, 5]), { minPairs: 2 }).tps.significant).toBe(true);
    const one = compareRuns(flat(1), runs([200], [5]));
    expect(one.tps).toEqual({ median: 2, low: 2, high: 2, significant: false, improved: false });
    expect(one.tps.resolution).toBeUndefined();
  });

  it('rejects unpaired runs and unusable values, naming them', () => {
    expect(() => compareRuns(runs([1], [1]), runs([1, 2], [1, 2]))).toThrow(/one run per baseline run/);
    expect(() => compareRuns([], [])).toThrow(/one run per baseline run/);
    expect(() => compareRuns(runs([0], [1]), runs([1], [1]))).toThrow(/baseline runs\[0\]\.tps/);
    expect(() => compareRuns(runs([1], [1]), runs([0], [1]))).toThrow(/candidate runs\[0\]\.tps: must be a finite number > 0/);
    expect(() => compareRuns(runs([1], [1]), runs([1], [Number.NaN]))).toThrow(/candidate runs\[0\]\.p95Ms/);
    expect(() => compareRuns(runs([1], [1]), runs([1], [1]), { confidence: 1 })).toThrow(/^confidence:/);
    expect(() => compareRuns(runs([1], [1]), runs([1], [1]), { designEffect: -1 })).toThrow(/^designEffect:/);
  });
});

describe('compareRuns at the edges of its options', () => {
  const a = flat(3);
  const b = runs([110, 120, 130], [10, 10, 10]);
  it('refuses a confidence of 0 or below and 1 or above, saying what is allowed', () => {
    for (const confidence of [0, -0.5, 1, 1.5]) {
      expect(() => compareRuns(a, b, { confidence })).toThrow(new RegExp(`^confidence: must be strictly between 0 and 1, got ${confidence}$`));
    }
    expect(compareRuns(a, b, { confidence: 0.5 }).confidence).toBe(0.5);
  });

  it('accepts a design effect of 0 (a zero-width interval) and refuses a negative one, saying what is allowed', () => {
    expect(compareRuns(a, b, { designEffect: 0 }).tps).toMatchObject({ low: compareRuns(a, b).tps.median, high: compareRuns(a, b).tps.median, resolution: 0 });
    expect(() => compareRuns(a, b, { designEffect: -1 })).toThrow(/^designEffect: must be a finite number >= 0, got -1$/);
  });

  it('says how many runs each side had when they do not pair', () => {
    expect(() => compareRuns(flat(2), flat(3))).toThrow(/^candidate: needs one run per baseline run \(pairs\), got 3 and 2$/);
  });
});

describe('pickBest', () => {
  const base = flat(3, 1000);
  const candidates = [
    { name: 'faster', runs: runs([1300, 1300, 1300], [10, 10, 10]) },
    { name: 'slower', runs: runs([900, 950, 850], [10, 10, 10]) },
    { name: 'snappier', runs: runs([1100, 1100, 1100], [5, 5, 5]) },
  ];

  it('ranks by the weighted log of the point estimates', () => {
    // faster: 0.6 * ln(1.3) - 0.4 * ln(1) = 0.15742; snappier: 0.6 * ln(1.1) - 0.4 * ln(0.5) = 0.33445
    const { best, score } = pickBest(candidates, (c) => compareRuns(base, c.runs), { tps: 0.6, latency: 0.4 });
    expect(best.name).toBe('snappier');
    expect(score).toBeCloseTo(0.6 * Math.log(1.1) - 0.4 * Math.log(0.5), 12);
    expect(pickBest(candidates, (c) => compareRuns(base, c.runs), { tps: 1, latency: 0 }).best.name).toBe('faster');
  });

  it('refuses an empty list', () => {
    expect(() => pickBest([], () => compareRuns(base, base), { tps: 0.6, latency: 0.4 })).toThrow(/^candidates: needs at least one candidate$/);
  });
});
