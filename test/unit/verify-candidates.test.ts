import { describe, expect, it } from 'vitest';
import type { StepOutcome__Output as StepOutcome } from '../../proto/generated/autotune/v1/StepOutcome';
import { verifyCandidates } from '../../services/trainer/verify-candidates';

function outcome(tps: number, p95: number, extra: Partial<StepOutcome> = {}): StepOutcome {
  return {
    state: [],
    knobs: [],
    restarted: false,
    rolledBack: false,
    error: '',
    rates: null,
    benchmark: {
      tps,
      totalTps: tps,
      tpsEstimator: 'total',
      checkpointed: false,
      dataReset: false,
      latency: { avgMs: 1, stddevMs: 0, p50Ms: 1, p95Ms: p95, p99Ms: p95 * 1.2, maxMs: p95 * 2 },
      transactions: 0,
      failedTransactions: 0,
      durationS: 1,
      progress: [],
      clients: 1,
      threads: 1,
      scale: 1,
      queryMode: 'prepared',
      initialConnectionMs: 0,
    },
    ...extra,
  };
}

const knob = (value: string) => [{ name: 'work_mem', value }];
const weights = { tps: 0.6, latency: 0.4 };

describe('verifyCandidates', () => {
  it('brackets candidates between baseline runs, reversing the order each round, and cancels a drift', async () => {
    const order: string[] = [];
    // The measured "server" drifts down 2% per run: pairing with the round's baseline cancels it.
    let run = 0;
    const speed: Record<string, number> = { '4096': 1000, '8192': 1300, '16384': 900 };
    const record = await verifyCandidates({
      baselineKnobs: knob('4096'),
      candidates: [{ fromIteration: 3, knobs: knob('8192') }, { fromIteration: 5, knobs: knob('16384') }],
      repeats: 4,
      weights,
      measure: async (knobs) => {
        const drift = 1 - 0.02 * run++;
        return outcome(speed[knobs[0]!.value]! * drift, 10 / drift);
      },
      onRun: async ({ label }) => {
        order.push(label);
      },
    });
    expect(order.slice(0, 7)).toEqual(['baseline', 'candidate-1', 'candidate-2', 'baseline', 'candidate-2', 'candidate-1', 'baseline']);
    expect(order).toHaveLength(13);
    expect(record.chosen).toBe('candidate-1');
    // The server slows 2% per run; interpolating the baseline recovers the true 1.3 and 0.9.
    expect(record.tpsRatio.median).toBeCloseTo(1.3, 1);
    expect(record.candidates.find((c) => c.label === 'candidate-2')!.tpsRatio.median).toBeCloseTo(0.9, 1);
    expect(record.significant).toBe(true);
    expect(record.summary).toMatch(/^TPS \+/);
  });

  it('recommends nothing when no candidate beats the baseline, and says so', async () => {
    const record = await verifyCandidates({
      baselineKnobs: knob('4096'),
      candidates: [{ fromIteration: 1, knobs: knob('8192') }],
      repeats: 3,
      weights,
      measure: async (knobs) => outcome(knobs[0]!.value === '4096' ? 1000 : 800, 10),
      onRun: async () => undefined,
    });
    expect(record.chosen).toBeNull();
    expect(record.significant).toBe(false);
    expect(record.summary).toMatch(/^no improvement/);
  });

  it('drops a candidate whose configuration is rolled back', async () => {
    const record = await verifyCandidates({
      baselineKnobs: knob('4096'),
      candidates: [{ fromIteration: 1, knobs: knob('bad') }, { fromIteration: 2, knobs: knob('8192') }],
      repeats: 3,
      weights,
      measure: async (knobs) =>
        knobs[0]!.value === 'bad' ? outcome(0, 0, { rolledBack: true, error: 'server did not start' }) : outcome(knobs[0]!.value === '8192' ? 1500 : 1000, 10),
      onRun: async () => undefined,
    });
    expect(record.candidates.map((c) => c.label)).toEqual(['candidate-2']);
    expect(record.chosen).toBe('candidate-2');
  });
});

describe('verifyCandidates with noise', () => {
  it('does not recommend a candidate whose better median is not significant', async () => {
    // The candidate's median is 3% better, but its runs scatter: the interval includes 1.
    const scatter = [1.25, 0.9, 1.0];
    let run = 0;
    const record = await verifyCandidates({
      baselineKnobs: knob('4096'),
      candidates: [{ fromIteration: 1, knobs: knob('8192') }],
      repeats: 3,
      weights,
      measure: async (knobs) => outcome(knobs[0]!.value === '8192' ? 1030 * scatter[run++]! : 1000, 10),
      onRun: async () => undefined,
    });
    expect(record.chosen).toBeNull();
    expect(record.significant).toBe(false);
    expect(record.summary).toMatch(/^no significant improvement: the best candidate measured TPS/);
  });
});
