import { describe, expect, it } from 'vitest';
import { ResolvedNoiseOptions } from '../../model/noise/action-noise';
import { createNoise } from '../../model/noise/create-noise';

const options = (kind: ResolvedNoiseOptions['kind']): ResolvedNoiseOptions => ({ kind, sigma: 0.3, decay: 0.5, minSigma: 0.05, theta: 0.15 });

describe('action noise', () => {
  it.each(['gaussian', 'ornstein-uhlenbeck'] as const)('%s: decays to its floor', (kind) => {
    const noise = createNoise(3, options(kind), 1);
    expect(noise.scale).toBe(0.3);
    noise.decay();
    expect(noise.scale).toBeCloseTo(0.15);
    for (let i = 0; i < 10; i++) noise.decay();
    expect(noise.scale).toBe(0.05);
  });

  it.each(['gaussian', 'ornstein-uhlenbeck'] as const)('%s: continues exactly from a saved state', (kind) => {
    const a = createNoise(4, options(kind), 11);
    for (let i = 0; i < 5; i++) a.sample();
    a.decay();
    const b = createNoise(4, options(kind), 12);
    b.setState(JSON.parse(JSON.stringify(a.getState())));
    expect(b.scale).toBe(a.scale);
    for (let i = 0; i < 5; i++) expect(b.sample()).toEqual(a.sample());
  });

  it('Gaussian noise has the scale as standard deviation and no memory', () => {
    const noise = createNoise(1, { ...options('gaussian'), sigma: 0.2 }, 3);
    const xs = Array.from({ length: 20_000 }, () => noise.sample()[0]);
    expect(std(xs)).toBeCloseTo(0.2, 2);
    expect(lagOneCorrelation(xs)).toBeLessThan(0.05);
  });

  it('Ornstein-Uhlenbeck noise is correlated in time and reverts to 0 after reset', () => {
    const noise = createNoise(1, options('ornstein-uhlenbeck'), 3);
    const xs = Array.from({ length: 20_000 }, () => noise.sample()[0]);
    expect(lagOneCorrelation(xs)).toBeGreaterThan(0.8);
    noise.reset();
    expect(noise.getState().value).toEqual([0]);
  });

  it('refuses to restore another kind of noise', () => {
    const gaussian = createNoise(2, options('gaussian'), 1);
    const ou = createNoise(2, options('ornstein-uhlenbeck'), 1);
    expect(() => gaussian.setState(ou.getState())).toThrow(/ornstein-uhlenbeck/);
    expect(() => ou.setState(gaussian.getState())).toThrow(/gaussian/);
  });
});

function std(xs: number[]): number {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length);
}

function lagOneCorrelation(xs: number[]): number {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i++) {
    den += (xs[i] - m) ** 2;
    if (i > 0) num += (xs[i] - m) * (xs[i - 1] - m);
  }
  return num / den;
}
