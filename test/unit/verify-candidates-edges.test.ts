import { describe, expect, it } from 'vitest';
import type { KnobSetting__Output as KnobSetting } from '../../proto/generated/autotune/v1/KnobSetting';
import type { StepOutcome__Output as StepOutcome } from '../../proto/generated/autotune/v1/StepOutcome';
import { pairedDesignEffect, type PairReference } from '../../lib/stats/paired-design-effect';
import { planVerification } from '../../services/trainer/verification-plan';
import { compareRuns } from '../../services/trainer/verification-stats';
import { outcome, three, verify } from '../helpers/verify-candidates-fixture';

/**
 * A server whose baseline doubles every 3 runs (TPS; p95 halves), exactly geometric, so the
 * baseline interpolated to run position p is 1000 * 2^(p/3) whatever the neighbours: a
 * candidate run that measures that times f_i pairs to the log ratio ln f_i, exactly. With two
 * candidates the runs sit at a third and two thirds between their baselines, the uneven
 * weights the interpolation must get right.
 */
function doublingServer(factors: Record<string, number[]>) {
  let position = 0;
  const seen: Record<string, number> = {};
  return async (knobs: KnobSetting[]): Promise<StepOutcome> => {
    const drift = 2 ** (position++ / 3);
    const runs = factors[knobs[0]!.value];
    const f = runs ? runs[(seen[knobs[0]!.value] = (seen[knobs[0]!.value] ?? -1) + 1)]! : 1;
    return outcome(1000 * drift * f, (10 / drift) * f ** -0.5);
  };
}

const w = (entries: Array<[run: number, weight: number]>): PairReference => entries.map(([run, weight]) => ({ run, weight }));
// Positions B0 0, c1 1, c2 2, B1 3, c2 4, c1 5, B2 6, c1 7, c2 8, B3 9: each run's baseline neighbours and weights.
const WEIGHTS: Record<string, PairReference[]> = {
  'candidate-1': [w([[0, 2 / 3], [1, 1 / 3]]), w([[1, 1 / 3], [2, 2 / 3]]), w([[2, 2 / 3], [3, 1 / 3]])],
  'candidate-2': [w([[0, 1 / 3], [1, 2 / 3]]), w([[1, 2 / 3], [2, 1 / 3]]), w([[2, 1 / 3], [3, 2 / 3]])],
};
const FACTORS = { '8192': [1.1, 1.25, 1.16], '16384': [0.97, 1.05, 0.99] };

describe('verifyCandidates: the interpolated baseline and its pairs', () => {
  it.each([2, 3])('pairs each run with the baseline at its position and widens by its design effect (%s rounds)', async (rounds) => {
    const record = await verify({ candidates: three.slice(0, 2), repeats: rounds, measure: doublingServer(FACTORS) });
    const confidence = planVerification({ candidates: 2, maxRounds: rounds, minGain: 0.03 }).confidence;
    expect(record.confidence).toBe(confidence);
    for (const [label, factors] of [['candidate-1', FACTORS['8192']], ['candidate-2', FACTORS['16384']]] as const) {
      const own = factors.slice(0, rounds);
      const expected = compareRuns(
        own.map(() => ({ tps: 1, p95Ms: 1 })),
        own.map((f) => ({ tps: f, p95Ms: f ** -0.5 })),
        { confidence, designEffect: pairedDesignEffect(WEIGHTS[label]!.slice(0, rounds)) },
      );
      const got = record.candidates.find((c) => c.label === label)!;
      for (const key of ['median', 'low', 'high', 'resolution'] as const) {
        expect(got.tpsRatio[key], `${label} TPS ${key}`).toBeCloseTo(expected.tps[key]!, 9);
        expect(got.p95Ratio[key], `${label} p95 ${key}`).toBeCloseTo(expected.p95[key]!, 9);
      }
    }
  });

  it('keeps every run it measured, in order, baseline and candidates', async () => {
    const record = await verify({ candidates: three.slice(0, 1), repeats: 2, measure: doublingServer({ '8192': [1.5, 1.5] }) });
    const at = (p: number) => 1000 * 2 ** (p / 3);
    expect(record.baseline.tps).toEqual([at(0), at(2), at(4)]);
    expect(record.baseline.p95Ms).toEqual([0, 2, 4].map((p) => 10 / 2 ** (p / 3)));
    expect(record.baseline.p99Ms).toEqual(record.baseline.p95Ms.map((p) => p * 1.2));
    expect(record.baseline.latencyAvgMs).toEqual([1, 1, 1]);
    expect(record.candidates[0]!.tps).toEqual([at(1) * 1.5, at(3) * 1.5]);
    expect(record.candidates[0]!.latencyAvgMs).toEqual([1, 1]);
  });
});

describe('verifyCandidates: failed runs', () => {
  const good = outcome(1000, 10);
  const failures: Array<[kind: string, result: StepOutcome]> = [
    ['an error with a result', { ...good, error: 'pgbench: connection lost' }],
    ['rolled back with a result', { ...good, rolledBack: true }],
    ['no benchmark', { ...good, benchmark: null }],
    ['no latency', { ...good, benchmark: { ...good.benchmark!, latency: null } }],
    ['0 TPS', outcome(0, 10)],
    ['0 ms p95', outcome(1000, 0)],
  ];

  it.each(failures)('drops a candidate whose run fails by %s, and fails for a baseline run that does', async (_kind, failed) => {
    const candidates = three.slice(0, 2);
    const record = await verify({ candidates, measure: async (knobs) => (knobs[0]!.value === '8192' ? failed : outcome(knobs[0]!.value === '16384' ? 1500 : 1000, 10)) });
    expect(record.candidates.map((c) => c.label)).toEqual(['candidate-2']);
    await expect(verify({ candidates, measure: async (knobs) => (knobs[0]!.value === '4096' ? failed : good) })).rejects.toThrow(
      /^the baseline configuration failed during verification \(.+\); nothing can be measured against it$/,
    );
  });

  it('says "no result" when the failed baseline run gave no error text', async () => {
    await expect(verify({ measure: async () => outcome(0, 10) })).rejects.toThrow(/failed during verification \(no result\)/);
  });

  it('drops a candidate that fails in a later round, with the rounds it had measured', async () => {
    let runs = 0;
    const record = await verify({
      candidates: three.slice(0, 2),
      measure: async (knobs) => {
        if (knobs[0]!.value !== '8192') return outcome(knobs[0]!.value === '16384' ? 1500 : 1000, 10);
        return runs++ < 2 ? outcome(1200, 10) : outcome(0, 0, { rolledBack: true });
      },
    });
    expect(record.candidates.map((c) => c.label)).toEqual(['candidate-2']);
    expect(record.chosen).toBe('candidate-2');
  });

  it.each([
    ['every candidate fails', 5],
    ['no round is allowed', 0],
  ])('verifies nothing and says so when %s', async (_case, repeats) => {
    const record = await verify({ repeats, measure: async (knobs) => (knobs[0]!.value === '4096' ? outcome(1000, 10) : outcome(0, 0, { error: 'boom' })) });
    expect(record).toMatchObject({ candidates: [], chosen: null, significant: false, summary: 'no candidate could be verified' });
    expect(record.tpsRatio).toStrictEqual({ median: 1, low: 1, high: 1 });
    expect(record.p95Ratio).toStrictEqual({ median: 1, low: 1, high: 1 });
  });
});

describe('verifyCandidates: the verdict and its wording', () => {
  it('does not recommend a candidate found better on TPS when the objective scores it below the baseline', async () => {
    // +20% TPS (significant, so "better") but p95 +60%: 0.6 ln 1.2 - 0.4 ln 1.6 < 0.
    const record = await verify({
      candidates: three.slice(0, 1),
      measure: async (knobs) => (knobs[0]!.value === '4096' ? outcome(1000, 10) : outcome(1200, 16)),
    });
    expect(record.candidates[0]!.decision).toBe('better');
    expect(record).toMatchObject({ chosen: null, significant: false });
    expect(record.summary).toMatch(/^no improvement: the best candidate measured TPS \+20\.0% /);
  });

  it('words one round in the singular, with no resolution and no interval to show', async () => {
    const record = await verify({ candidates: three.slice(0, 1), repeats: 1, measure: async (knobs) => outcome(knobs[0]!.value === '4096' ? 1000 : 2000, 10) });
    expect(record.summary).toMatch(
      /^nothing can be called significant from 1 round \(at least 3 are needed\): the best candidate measured TPS \+100\.0% \(95% CI \+100\.0% \.\. \+100\.0%\), p95 latency [+-]0\.0% \(95% CI [^)]*\) over 1 bracketed round$/,
    );
    expect(record.tpsRatio).toStrictEqual({ median: expect.closeTo(2, 12), low: expect.closeTo(2, 12), high: expect.closeTo(2, 12) });
  });

  it('states the resolution as a percentage of the interval half-width', async () => {
    const scatter = [1.2, 1.0, 1.1];
    let run = 0;
    const record = await verify({ candidates: three.slice(0, 1), repeats: 3, measure: async (knobs) => outcome(knobs[0]!.value === '4096' ? 1000 : 1000 * scatter[run++]!, 10) });
    const resolution = record.tpsRatio.resolution!;
    expect(resolution).toBeGreaterThan(0.1);
    expect(record.summary).toContain(`, which could tell a TPS change of ±${(resolution * 100).toFixed(1)}% from none`);
  });
});
