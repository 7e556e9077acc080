import { describe, expect, it } from 'vitest';
import { latinHypercube } from '../../model/latin-hypercube';
import { SeededRandom } from '../../model/seeded-random';

describe('latinHypercube', () => {
  it('puts exactly one point in each stratum of every axis', () => {
    const count = 7;
    const points = latinHypercube(count, 4, new SeededRandom(5));
    expect(points).toHaveLength(count);
    for (let d = 0; d < 4; d++) {
      const strata = points.map((p) => Math.floor(((p[d] + 1) / 2) * count)).sort((a, b) => a - b);
      expect(strata).toEqual([0, 1, 2, 3, 4, 5, 6]);
    }
    for (const p of points) for (const v of p) expect(Math.abs(v)).toBeLessThanOrEqual(1);
  });

  it('is reproducible from the seed', () => {
    expect(latinHypercube(5, 3, new SeededRandom(1))).toEqual(latinHypercube(5, 3, new SeededRandom(1)));
    expect(latinHypercube(5, 3, new SeededRandom(1))).not.toEqual(latinHypercube(5, 3, new SeededRandom(2)));
  });

  it('rejects a bad count or dimension', () => {
    expect(() => latinHypercube(-1, 2, new SeededRandom(1))).toThrow(/count/);
    expect(() => latinHypercube(3, 0, new SeededRandom(1))).toThrow(/dim/);
  });
});
