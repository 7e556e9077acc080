import type { KnobDimension__Output as KnobDimension } from '../../proto/generated/autotune/v1/KnobDimension';
import type { StepOutcome__Output as StepOutcome } from '../../proto/generated/autotune/v1/StepOutcome';
import { FailedPreconditionError, InvalidArgumentError } from '../../lib/core/errors';
import { BENCHMARK_DEFAULTS } from '../../lib/session/session-limits';
import { formatValue, type SyntheticTarget } from './synthetic-target';
import type { OpenEnvironment, TuningEnvironment } from './tuning-environment';

/**
 * The surface models throughput only; p95 latency is given a fixed shape over the mean that
 * closed-loop clients see (clients / TPS), so ratios of p95 mirror ratios of TPS.
 */
const P95_OVER_MEAN = 1.5;
const P99_OVER_MEAN = 2;

/**
 * Opens environments on a synthetic target: the synthetic twin of grpcEnvironment(), so the
 * trainer's real loop (SessionRunner) runs in a unit test with a known answer, no server and
 * no pgbench. The action space is the tuned knobs' [-1, 1] box, mapped onto the knobs one to
 * one; the reward is the measured throughput's relative gain over the last reset().
 */
export function syntheticEnvironment(target: SyntheticTarget): OpenEnvironment {
  return async (request) => {
    const tuned = target.resolveKnobs(request.knobs ?? []);
    const clients = Number(request.benchmark?.clients) || BENCHMARK_DEFAULTS.clients;
    const durationS = Number(request.benchmark?.durationS) || 1;
    const actionSpace: KnobDimension[] = target.knobs(tuned).map(({ name, value }) => ({
      name,
      min: -1,
      max: 1,
      scale: 'linear',
      unit: '',
      choices: [],
      baseline: value,
      integer: false,
    }));
    let reference: number | undefined;
    let closed = false;

    const run = (): StepOutcome => {
      if (closed) throw new FailedPreconditionError('the synthetic environment is closed');
      const { tps, state } = target.benchmark();
      const avgMs = (clients * 1000) / tps;
      return {
        state,
        benchmark: {
          tps,
          latency: { avgMs, stddevMs: 0, p50Ms: avgMs, p95Ms: P95_OVER_MEAN * avgMs, p99Ms: P99_OVER_MEAN * avgMs, maxMs: P99_OVER_MEAN * avgMs },
          transactions: Math.round(tps * durationS),
          failedTransactions: 0,
          durationS,
          progress: [],
          clients,
          threads: 1,
          scale: 1,
          queryMode: BENCHMARK_DEFAULTS.protocol,
          initialConnectionMs: 0,
        },
        knobs: target.knobs(tuned),
        restarted: false,
        rolledBack: false,
        error: '',
        rates: null,
      };
    };

    const environment: TuningEnvironment = {
      actionSpace,
      stateNames: target.stateNames,
      reset: async () => {
        const outcome = run();
        reference = outcome.benchmark!.tps;
        return outcome;
      },
      step: async (action) => {
        if (reference === undefined) throw new FailedPreconditionError('reset the environment before the first step: the reward needs a baseline');
        if (action.length !== tuned.length) throw new InvalidArgumentError('action', `expected ${tuned.length} values, got ${action.length}`);
        target.apply(tuned.map((name, i) => ({ name, value: formatValue(Math.max(-1, Math.min(1, action[i]!))) })));
        const outcome = run();
        return { outcome, reward: (outcome.benchmark!.tps - reference) / reference, failed: false };
      },
      measure: async (knobs) => {
        target.apply(knobs);
        return run();
      },
      close: async (keepCurrent, original) => {
        if (!keepCurrent) {
          target.resetKnobs();
          target.apply(original);
        }
        closed = true;
      },
    };
    return environment;
  };
}
