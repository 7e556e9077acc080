import type { KnobSetting__Output as KnobSetting } from '../../proto/generated/autotune/v1/KnobSetting';
import type { StepOutcome__Output as StepOutcome } from '../../proto/generated/autotune/v1/StepOutcome';
import { SeededRandom } from '../../model/seeded-random';
import { verifyCandidates, type VerifyOptions } from '../../services/trainer/verify-candidates';

// The fake environment behind the verify-candidates tests: outcomes as the environment's
// Measure returns them, three candidates over a work_mem baseline, and a noisy drifting server.
export function outcome(tps: number, p95: number, extra: Partial<StepOutcome> = {}): StepOutcome {
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

export const knob = (value: string) => [{ name: 'work_mem', value }];
export const weights = { tps: 0.6, latency: 0.4 };
export const BASE = knob('4096');
export const three = [
  { fromIteration: 1, knobs: knob('8192') },
  { fromIteration: 2, knobs: knob('16384') },
  { fromIteration: 3, knobs: knob('32768') },
];

export function verify(overrides: Partial<VerifyOptions> & Pick<VerifyOptions, 'measure'>) {
  return verifyCandidates({
    baselineKnobs: BASE,
    candidates: three,
    repeats: 5,
    minGain: 0.03,
    budgetS: 0,
    weights,
    onRun: async () => undefined,
    ...overrides,
  });
}

/**
 * A fake server: each configuration has a true TPS factor; every run is that times a linear
 * drift times lognormal noise (TPS and p95 independently), as bloat and neighbours make it.
 */
export function noisyServer(options: { seed: number; noise: number; driftPerRun: number; effect: (knobs: KnobSetting[]) => number }) {
  const random = new SeededRandom(options.seed);
  let run = 0;
  return async (knobs: KnobSetting[]) => {
    const drift = 1 + options.driftPerRun * run++;
    const effect = options.effect(knobs);
    return outcome(1000 * effect * drift * Math.exp(options.noise * random.normal()), (10 / effect / drift) * Math.exp(options.noise * random.normal()));
  };
}
