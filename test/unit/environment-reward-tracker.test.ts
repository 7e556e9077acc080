import { describe, expect, it } from 'vitest';
import { DEFAULT_PENALTY_FLOOR, DEFAULT_REWARD_WEIGHTS, cdbtuneReward } from '../../services/environment/reward';
import { RewardTracker } from '../../services/environment/reward-tracker';

const BASE = { tps: 1000, latencyMs: 10 };

describe('RewardTracker', () => {
  it('scores against the baseline and the previous accepted step', () => {
    const tracker = new RewardTracker(DEFAULT_REWARD_WEIGHTS);
    tracker.startEpisode(BASE);
    const better = { tps: 1200, latencyMs: 9 };
    expect(tracker.score(better)).toBeCloseTo(cdbtuneReward(better, BASE, BASE), 12);
    tracker.accept(better);
    const next = { tps: 1100, latencyMs: 9.5 };
    expect(tracker.score(next)).toBeCloseTo(cdbtuneReward(next, BASE, better), 12);
  });

  it('floors measured rewards and bases the failure penalty on the worst one measured', () => {
    const tracker = new RewardTracker(DEFAULT_REWARD_WEIGHTS);
    tracker.startEpisode(BASE);
    expect(tracker.penalty()).toBe(-1); // nothing bad seen yet: the smallest penalty
    const bad = { tps: 800, latencyMs: 12 };
    const r = tracker.score(bad);
    expect(r).toBeLessThan(-0.5);
    expect(tracker.penalty()).toBeCloseTo(Math.min(-1, 2 * r), 12);
    // p95 50x the baseline: an unbounded latency term, floored.
    expect(tracker.score({ tps: 100, latencyMs: 500 })).toBe(DEFAULT_PENALTY_FLOOR);
    expect(tracker.penalty()).toBe(DEFAULT_PENALTY_FLOOR);
    // Penalties do not feed back into the worst seen: a fresh episode starts over.
    tracker.startEpisode(BASE);
    expect(tracker.penalty()).toBe(-1);
  });

  it('tells a run far below the baseline (under half its TPS)', () => {
    const tracker = new RewardTracker(DEFAULT_REWARD_WEIGHTS);
    tracker.startEpisode(BASE);
    expect(tracker.farBelowBaseline({ tps: 499, latencyMs: 10 })).toBe(true);
    expect(tracker.farBelowBaseline({ tps: 500, latencyMs: 10 })).toBe(false);
  });

  it('needs a measurable baseline before anything is scored', () => {
    const tracker = new RewardTracker(DEFAULT_REWARD_WEIGHTS);
    expect(() => tracker.score(BASE)).toThrow(/call Reset before Step/);
    expect(() => tracker.startEpisode({ tps: 0, latencyMs: 0 })).toThrow(/baseline run measured 0 tps/);
  });
});
