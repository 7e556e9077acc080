import { describe, expect, it } from 'vitest';
import { pairedDesignEffect, type PairReference } from '../../lib/stats/paired-design-effect';
import { SeededRandom } from '../../model/seeded-random';

const own = (run: number): PairReference => [{ run, weight: 1 }];

describe('pairedDesignEffect', () => {
  it('is 1 when no two pairs share a reference run', () => {
    expect(pairedDesignEffect([own(0), own(1), own(2), own(3)])).toBeCloseTo(1, 12);
  });

  it('is n + 1 when every pair uses the same reference run', () => {
    // Var(mean d) = s^2 (1/n + 1) while the pairs' own spread sees only s^2 / n.
    expect(pairedDesignEffect([own(0), own(0), own(0)])).toBeCloseTo(4, 12);
  });

  it('matches the variance a simulation of shared, interpolated references shows', () => {
    // Pairs halfway between consecutive reference runs (a B between two A), 5 pairs.
    const refs: PairReference[] = [0, 1, 2, 3, 4].map((r) => [
      { run: r, weight: 0.5 },
      { run: r + 1, weight: 0.5 },
    ]);
    const deff = pairedDesignEffect(refs);
    const random = new SeededRandom(7);
    let sumMean2 = 0;
    let sumS2 = 0;
    const trials = 20000;
    for (let k = 0; k < trials; k++) {
      const a = Array.from({ length: 6 }, () => random.normal());
      const d = refs.map((ref) => random.normal() - ref.reduce((s, { run, weight }) => s + weight * a[run]!, 0));
      const mean = d.reduce((s, x) => s + x, 0) / d.length;
      sumMean2 += mean * mean;
      sumS2 += d.reduce((s, x) => s + (x - mean) ** 2, 0) / (d.length - 1) / d.length;
    }
    // Simulated Var(mean) / E[s^2 / n]: within a few percent of the formula.
    expect(sumMean2 / sumS2).toBeGreaterThan(deff * 0.95);
    expect(sumMean2 / sumS2).toBeLessThan(deff * 1.05);
    expect(deff).toBeGreaterThan(1.2);
  });

  it('needs two pairs', () => {
    expect(() => pairedDesignEffect([own(0)])).toThrow(/^references: needs at least 2 pairs/);
  });
});
