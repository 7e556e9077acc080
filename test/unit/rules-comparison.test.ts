import { describe, expect, it } from 'vitest';
import { compareWithRules, type CrossRun } from '../../bench/rules-comparison';

// bench:tuning's "does it beat PGTune?": agents against the rules configuration, paired by round.
function rounds(n: number, speeds: Record<string, (round: number) => number>): CrossRun[] {
  return Array.from({ length: n }, (_, round) => Object.entries(speeds).map(([label, tps]) => ({ label, round, tps: tps(round), p95: 1000 / tps(round) }))).flat();
}

describe('compareWithRules', () => {
  it('pairs each agent with rules in the same round, so a drift shared by both cancels', () => {
    // Everything slows 5% a round; ddpg is always 1.2x rules, random as fast as rules give or take 1%.
    const drift = (r: number) => 0.95 ** r;
    const runs = rounds(6, { start: (r) => 500 * drift(r), rules: (r) => 1000 * drift(r), ddpg: (r) => 1200 * drift(r), random: (r) => 1000 * drift(r) * (r % 2 ? 1.01 : 0.99) });
    const [random, ddpg] = ['random', 'ddpg'].map((a) => compareWithRules(runs, ['rules', 'random', 'ddpg']).find((v) => v.agent === a)!);
    expect(ddpg.rounds).toBe(6);
    expect(ddpg.comparison!.tps.median).toBeCloseTo(1.2, 10);
    expect(ddpg.comparison!.tps.improved).toBe(true);
    expect(ddpg.comparison!.confidence).toBeCloseTo(0.975, 10);
    expect(random.comparison!.tps.significant).toBe(false);
    expect(random.comparison!.tps.low).toBeLessThan(1);
    expect(random.comparison!.tps.high).toBeGreaterThan(1);
  });

  it('uses only rounds both completed, and answers nothing without a rules row', () => {
    const runs = rounds(4, { rules: () => 1000, ddpg: () => 1100 }).map((r) => (r.label === 'ddpg' && r.round === 2 ? { ...r, tps: null } : r));
    expect(compareWithRules(runs, ['rules', 'ddpg'])[0]!.rounds).toBe(3);
    expect(compareWithRules(runs, ['random', 'ddpg'])).toEqual([]);
    expect(compareWithRules(runs.filter((r) => r.label === 'rules'), ['rules', 'ddpg'])[0]).toEqual({ agent: 'ddpg', rounds: 0, comparison: null });
  });
});
