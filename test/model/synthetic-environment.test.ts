import { describe, expect, it } from 'vitest';
import { AgentOptionError } from '../../model/agent-option-error';
import { SeededRandom } from '../../model/seeded-random';
import { SyntheticEnvironment } from '../../model/synthetic-environment';

describe('SyntheticEnvironment', () => {
  it('scores 1 at its optimum and less anywhere else', () => {
    const env = new SyntheticEnvironment({ seed: 3 });
    expect(env.score(env.optimum)).toBeCloseTo(1, 10);
    const r = new SeededRandom(1);
    for (let i = 0; i < 200; i++) {
      const a = Float32Array.from({ length: env.actionDim }, () => r.uniform(-1, 1));
      expect(env.score(a)).toBeLessThan(1);
    }
    for (const v of env.optimum) expect(Math.abs(v)).toBeLessThanOrEqual(0.8);
  });

  it('places the baseline (action 0) in the requested score range', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const env = new SyntheticEnvironment({ seed, baselineScore: [0.3, 0.6] });
      const baseline = env.baselinePerformance / env.optimumPerformance;
      expect(baseline).toBeGreaterThanOrEqual(0.3 - 1e-6);
      expect(baseline).toBeLessThanOrEqual(0.6 + 1e-6);
    }
  });

  it('couples knobs: the best value of one knob depends on another', () => {
    const env = new SyntheticEnvironment({ seed: 2, knobs: 2, interaction: 0.6 });
    const bestFirstKnob = (second: number) => {
      let best = -1;
      let arg = 0;
      for (let x = -1; x <= 1; x += 0.001) {
        const s = env.score([x, second]);
        if (s > best) [best, arg] = [s, x];
      }
      return arg;
    };
    expect(Math.abs(bestFirstKnob(env.optimum[1] + 0.3) - bestFirstKnob(env.optimum[1] - 0.3))).toBeGreaterThan(0.05);
  });

  it('rewards improvement over the baseline and observes metrics that depend on the action', () => {
    const env = new SyntheticEnvironment({ seed: 4 });
    const start = env.reset();
    expect(start).toHaveLength(env.stateDim);
    expect(start[0]).toBeCloseTo(env.baselinePerformance, 3);
    const atOptimum = env.step(env.optimum);
    expect(atOptimum.score).toBeCloseTo(1, 6);
    expect(atOptimum.reward).toBeCloseTo(env.optimumPerformance / env.baselinePerformance - 1, 5);
    const elsewhere = env.step(new Float32Array(env.actionDim).fill(-1));
    expect(elsewhere.reward).toBeLessThan(0);
    expect(Array.from(elsewhere.state.subarray(1))).not.toEqual(Array.from(atOptimum.state.subarray(1)));
  });

  it('measures with the noise it was given, reproducibly per seed', () => {
    const measure = (noise: number, seed: number) => {
      const env = new SyntheticEnvironment({ seed, noise });
      return Array.from({ length: 400 }, () => env.step(env.optimum).performance / env.optimumPerformance);
    };
    expect(new Set(measure(0, 1))).toEqual(new Set([1]));
    const noisy = measure(0.1, 1);
    const mean = noisy.reduce((a, b) => a + b) / noisy.length;
    const std = Math.sqrt(noisy.reduce((a, b) => a + (b - mean) ** 2, 0) / noisy.length);
    expect(mean).toBeCloseTo(1, 1);
    expect(std).toBeGreaterThan(0.08);
    expect(std).toBeLessThan(0.12);
    expect(measure(0.1, 1)).toEqual(noisy);
  });

  it('is harder than random search can solve: 60 uniform samples stay well below the optimum', () => {
    const bests = [1, 2, 3, 4, 5].map((seed) => {
      const env = new SyntheticEnvironment({ seed });
      const r = new SeededRandom(100 + seed);
      let best = 0;
      for (let i = 0; i < 60; i++) best = Math.max(best, env.score(Float32Array.from({ length: env.actionDim }, () => r.uniform(-1, 1))));
      return best;
    });
    expect(Math.max(...bests)).toBeLessThan(0.9);
  });

  it('builds the bump unless told otherwise', () => {
    const byDefault = new SyntheticEnvironment({ seed: 7 });
    const bump = new SyntheticEnvironment({ seed: 7, shape: 'bump' });
    expect(Array.from(byDefault.optimum)).toEqual(Array.from(bump.optimum));
    expect(byDefault.baselinePerformance).toBe(bump.baselinePerformance);
  });

  describe.each(['plateau', 'cliff'] as const)('the %s shape', (shape) => {
    const envs = [1, 2, 3, 4, 5, 6, 7, 8].map((seed) => new SyntheticEnvironment({ seed, shape }));
    /** The scores along knob k from the bottom to the top of the box, the other knobs at the optimum. */
    const along = (env: SyntheticEnvironment, k: number, from = -1, to = 1) =>
      Array.from({ length: 201 }, (_, i) => {
        const a = Float32Array.from(env.optimum);
        a[k] = from + ((to - from) * i) / 200;
        return env.score(a);
      });
    const knobs = (env: SyntheticEnvironment) => Array.from({ length: env.actionDim }, (_, k) => k);

    it('scores 1 at its optimum, inside the box, and at most 1 anywhere', () => {
      for (const env of envs) {
        expect(env.score(env.optimum)).toBeCloseTo(1, 9);
        for (const v of env.optimum) expect(Math.abs(v)).toBeLessThanOrEqual(0.8);
        for (const k of knobs(env)) expect(Math.max(...along(env, k))).toBeLessThanOrEqual(1 + 1e-12);
      }
    });

    it('keeps the baseline mediocre: its score in the requested range', () => {
      for (const env of envs) {
        const baseline = env.baselinePerformance / env.optimumPerformance;
        expect(baseline).toBeGreaterThanOrEqual(0.3 - 1e-6);
        expect(baseline).toBeLessThanOrEqual(0.6 + 1e-6);
      }
    });

    it('has two knobs that matter and leaves the rest flat to within a few percent', () => {
      for (const env of envs) {
        const worst = knobs(env).map((k) => Math.min(...along(env, k)));
        expect(worst.filter((w) => w >= 0.9)).toHaveLength(env.actionDim - 2);
        expect(worst.filter((w) => w < 0.3)).toHaveLength(2);
      }
    });

    const [expectation, check] =
      shape === 'plateau'
        ? ['scores 1 all the way up from its optimum on one knob: a plateau', (above: number[]) => above.every((s) => s > 1 - 1e-9)]
        : ['falls off a cliff just past its optimum on one knob', (above: number[]) => above.slice(1).every((s) => s < 0.06)];
    it(expectation, () => {
      for (const env of envs) {
        const matching = knobs(env).filter((k) => check(along(env, k, env.optimum[k], Math.min(1, env.optimum[k] + 0.2))));
        expect(matching).toHaveLength(1);
      }
    });

    it('works with one or two knobs', () => {
      for (const knobs of [1, 2]) {
        const env = new SyntheticEnvironment({ seed: 3, shape, knobs });
        expect(env.score(env.optimum)).toBeCloseTo(1, 9);
        expect(env.baselinePerformance / env.optimumPerformance).toBeLessThan(0.6 + 1e-6);
      }
    });
  });

  it('names a bad option', () => {
    expect(() => new SyntheticEnvironment({ noise: 1.5 })).toThrow(AgentOptionError);
    expect(() => new SyntheticEnvironment({ knobs: 0 })).toThrow(/^knobs: /);
    expect(() => new SyntheticEnvironment({ baselineScore: [0.7, 0.2] })).toThrow(/^baselineScore: /);
    expect(() => new SyntheticEnvironment().step(new Float32Array(2))).toThrow(/^action: /);
    expect(() => new SyntheticEnvironment({ shape: 'saddle' as never })).toThrow(/^shape: must be one of bump, plateau, cliff, got saddle$/);
    expect(() => new SyntheticEnvironment({ shape: 'cliff', baselineScore: [0.05, 0.6] })).toThrow(/^baselineScore: must lie within \[0.1, 0.85\] for the cliff shape/);
  });
});
