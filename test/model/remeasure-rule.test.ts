import { describe, expect, it } from 'vitest';
import { createAgent } from '../../model/create-agent';
import { RemeasureRule } from '../../model/remeasure-rule';
import { runSyntheticTuning } from '../../model/run-synthetic-tuning';
import { SyntheticEnvironment } from '../../model/synthetic-environment';

describe('RemeasureRule', () => {
  it('wants a second run of a reward above the baseline that ranks among the top so far', () => {
    const rule = new RemeasureRule(2, [0.3, 0.1, -0.2]);
    expect(rule.wants(0.4)).toBe(true); // the best
    expect(rule.wants(0.2)).toBe(true); // second: one better run so far
    expect(rule.wants(0.3)).toBe(true); // a tie with the best is not beaten by it
    expect(rule.wants(0.05)).toBe(false); // third
    rule.add(0.5);
    expect(rule.wants(0.2)).toBe(false); // now third behind 0.5 and 0.3
  });

  it('never wants a run that does not beat the baseline, nor anything when top is 0', () => {
    expect(new RemeasureRule(3).wants(0)).toBe(false);
    expect(new RemeasureRule(3).wants(-0.1)).toBe(false);
    expect(new RemeasureRule(3).wants(Number.NaN)).toBe(false);
    expect(new RemeasureRule(3).wants(0.01)).toBe(true);
    expect(new RemeasureRule(0).wants(10)).toBe(false);
  });

  it('ranks every added reward, a resume\'s stored ones as new ones', () => {
    const resumed = new RemeasureRule(1, [0.2, 0.4]);
    const live = new RemeasureRule(1);
    live.add(0.2);
    live.add(0.4);
    for (const r of [0.1, 0.3, 0.4, 0.5]) expect(resumed.wants(r)).toBe(live.wants(r));
    expect(resumed.wants(0.3)).toBe(false);
  });

  it('refuses a top that is not a non-negative integer, by name', () => {
    expect(() => new RemeasureRule(-1)).toThrow(/^top: must be a non-negative integer, got -1$/);
    expect(() => new RemeasureRule(1.5)).toThrow(/^top:/);
  });
});

describe('runSyntheticTuning with re-measurement', () => {
  it('spends re-measurements from the budget: the same runs, each repeat right after its step, same score', async () => {
    const env = new SyntheticEnvironment({ seed: 5, noise: 0.1, shape: 'plateau' });
    const agent = await createAgent('random', { stateDim: env.stateDim, actionDim: env.actionDim, seed: 5 });
    const run = await runSyntheticTuning(agent, env, 20, { remeasureTop: 3 });
    expect(run.scores).toHaveLength(20);
    expect(run.bestScoreByStep).toHaveLength(20);
    expect(run.remeasured).toBeGreaterThan(0);
    // A repeat shares its step's true score: as many adjacent equal pairs as repeats (random search never repeats itself).
    const repeats = run.scores.filter((s, t) => t > 0 && s === run.scores[t - 1]).length;
    expect(repeats).toBe(run.remeasured);
    expect(agent.describe().steps).toBe(20);
    await agent.dispose();
  });

  it('re-measures nothing with remeasureTop 0', async () => {
    const env = new SyntheticEnvironment({ seed: 5, noise: 0.1, shape: 'plateau' });
    const agent = await createAgent('random', { stateDim: env.stateDim, actionDim: env.actionDim, seed: 5 });
    const run = await runSyntheticTuning(agent, env, 20);
    expect(run.remeasured).toBe(0);
    expect(new Set(run.scores).size).toBe(20);
    await agent.dispose();
  });
});
