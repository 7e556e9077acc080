import { describe, expect, it } from 'vitest';
import { RunningNormalizer } from '../../model/running-normalizer';
import { SeededRandom } from '../../model/seeded-random';

describe('RunningNormalizer', () => {
  it('tracks the mean and variance of what it has seen', () => {
    const r = new SeededRandom(4);
    const normalizer = new RunningNormalizer(2, 100);
    const rows = Array.from({ length: 2000 }, () => [1000 + 50 * r.normal(), 0.9 + 0.01 * r.normal()]);
    rows.forEach((row) => normalizer.update(row));
    const mean = [0, 1].map((d) => rows.reduce((a, row) => a + row[d], 0) / rows.length);
    const std = [0, 1].map((d) => Math.sqrt(rows.reduce((a, row) => a + (row[d] - mean[d]) ** 2, 0) / rows.length));
    const probe = normalizer.normalize([mean[0] + std[0], mean[1] - 2 * std[1]]);
    expect(probe[0]).toBeCloseTo(1, 4);
    expect(probe[1]).toBeCloseTo(-2, 3);
  });

  it('clips outliers, maps a constant feature to 0 and is the identity before any update', () => {
    const normalizer = new RunningNormalizer(2, 5);
    expect(Array.from(normalizer.normalize([3, -4]))).toEqual([3, -4]);
    for (const x of [0, 1, 2, 3]) normalizer.update([x, 7]);
    const out = normalizer.normalize([1000, 7]);
    expect(out[0]).toBe(5);
    expect(out[1]).toBe(0);
  });

  it('normalizes row-major batches like single vectors', () => {
    const normalizer = new RunningNormalizer(3, 5);
    [[1, 2, 3], [2, 4, 9], [0, 1, 1]].forEach((row) => normalizer.update(row));
    const rows = Float32Array.from([1, 1, 1, 2, 2, 2]);
    const out = normalizer.normalizeRows(rows);
    expect(Array.from(out.subarray(0, 3))).toEqual(Array.from(normalizer.normalize([1, 1, 1])));
    expect(Array.from(out.subarray(3))).toEqual(Array.from(normalizer.normalize([2, 2, 2])));
  });

  it('restores its statistics exactly from a saved state', () => {
    const a = new RunningNormalizer(2, 5);
    [[1, 10], [3, 30], [4, 5]].forEach((row) => a.update(row));
    const b = new RunningNormalizer(2, 5);
    b.setState(JSON.parse(JSON.stringify(a.getState())));
    expect(b.normalize([2, 20])).toEqual(a.normalize([2, 20]));
    expect(() => new RunningNormalizer(3, 5).setState(a.getState())).toThrow(/dimensions/);
  });

  it('rejects a vector of the wrong length', () => {
    expect(() => new RunningNormalizer(2, 5).update([1, 2, 3])).toThrow(/2 values/);
  });
});
