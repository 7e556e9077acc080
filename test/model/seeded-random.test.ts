import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../model/seeded-random';

describe('SeededRandom', () => {
  it('repeats its sequence for the same seed and differs for another', () => {
    const a = new SeededRandom(7);
    const b = new SeededRandom(7);
    const c = new SeededRandom(8);
    const seqA = Array.from({ length: 20 }, () => a.next());
    expect(Array.from({ length: 20 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 20 }, () => c.next())).not.toEqual(seqA);
  });

  it('continues exactly from a saved state', () => {
    const a = new SeededRandom(3);
    for (let i = 0; i < 5; i++) a.next();
    const b = new SeededRandom(99);
    b.setState(a.getState());
    expect(Array.from({ length: 10 }, () => b.normal())).toEqual(Array.from({ length: 10 }, () => a.normal()));
  });

  it('draws uniforms in [0, 1) and standard normals with the right moments', () => {
    const r = new SeededRandom(1);
    const n = 20_000;
    const u = Array.from({ length: n }, () => r.next());
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    expect(mean(u)).toBeCloseTo(0.5, 1);
    const z = Array.from({ length: n }, () => r.normal());
    expect(mean(z)).toBeCloseTo(0, 1);
    expect(Math.sqrt(mean(z.map((v) => v * v)))).toBeCloseTo(1, 1);
  });

  it('draws integers below n', () => {
    const r = new SeededRandom(2);
    const seen = new Set(Array.from({ length: 500 }, () => r.int(5)));
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4]);
  });
});

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}
