import type { KnobDimension__Output as KnobDimension } from '../../proto/generated/autotune/v1/KnobDimension';
import type { KnobSetting__Output as KnobSetting } from '../../proto/generated/autotune/v1/KnobSetting';
import type { ServerInfo__Output as ServerInfo } from '../../proto/generated/autotune/v1/ServerInfo';
import type { StepOutcome__Output as StepOutcome } from '../../proto/generated/autotune/v1/StepOutcome';
import { FailedPreconditionError, InvalidArgumentError } from '../../lib/core/errors';
import { BENCHMARK_DEFAULTS } from '../../lib/session/session-limits';
import { actionToKnobs, knobsToAction } from '../../knobs/action-mapping';
import type { ScriptedQueryMix } from './scripted-query-mix';
import { formatValue, type SyntheticTarget } from './synthetic-target';
import type { OpenEnvironment, TuningEnvironment } from './tuning-environment';

/**
 * The surface models throughput only; p95 latency is given a fixed shape over the mean that
 * closed-loop clients see (clients / TPS), so ratios of p95 mirror ratios of TPS.
 */
const P95_OVER_MEAN = 1.5;
const P99_OVER_MEAN = 2;

export interface SyntheticTuningEnvironmentOptions {
  /** What Open reports of the server (for the rules agent). @defaultValue null */
  server?: ServerInfo;
  /**
   * Real knob dimensions over the target's [-1, 1] box, one per target knob in its order
   * (the names are these dimensions'): actions map onto knob values as the real environment
   * maps them (action-mapping.ts), knob values onto the box by the inverse. Without them the
   * target's own knobs are the action space, one to one.
   */
  dimensions?: readonly KnobDimension[];
  /** The server's pg_stat_statements, scripted; without it the query mix is not available. */
  queryMix?: ScriptedQueryMix;
}

/**
 * Opens environments on a synthetic target: the synthetic twin of grpcEnvironment(), so the
 * trainer's real loop (SessionRunner) runs in a unit test with a known answer, no server and
 * no pgbench. The action space is the tuned knobs' [-1, 1] box, mapped onto the knobs one to
 * one (or through real knob dimensions, options.dimensions); the reward is the measured
 * throughput's relative gain over the last reset().
 */
export function syntheticEnvironment(target: SyntheticTarget, options: SyntheticTuningEnvironmentOptions = {}): OpenEnvironment {
  const real = options.dimensions ? realKnobs(target, options.dimensions) : undefined;
  return async (request) => {
    const tuned = real ? real.resolve(request.knobs ?? []) : target.resolveKnobs(request.knobs ?? []);
    const clients = Number(request.benchmark?.clients) || BENCHMARK_DEFAULTS.clients;
    const durationS = Number(request.benchmark?.durationS) || 1;
    const actionSpace: KnobDimension[] = real
      ? real.dims.map((dim) => ({ ...dim, baseline: real.inEffect().find((k) => k.name === dim.name)!.value }))
      : target.knobs(tuned).map(({ name, value }) => ({
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
      options.queryMix?.benchmarkRun();
      const avgMs = (clients * 1000) / tps;
      return {
        state,
        benchmark: {
          tps,
          totalTps: tps,
          tpsEstimator: 'total',
          checkpointed: false,
          dataReset: false,
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
        knobs: real ? real.inEffect() : target.knobs(tuned),
        restarted: false,
        rolledBack: false,
        error: '',
        rates: null,
      };
    };

    const environment: TuningEnvironment = {
      actionSpace,
      stateNames: target.stateNames,
      server: options.server ?? null,
      reset: async () => {
        const outcome = run();
        reference = outcome.benchmark!.tps;
        return outcome;
      },
      step: async (action) => {
        if (reference === undefined) throw new FailedPreconditionError('reset the environment before the first step: the reward needs a baseline');
        if (action.length !== tuned.length) throw new InvalidArgumentError('action', `expected ${tuned.length} values, got ${action.length}`);
        if (real) real.apply(actionToKnobs(action, real.dims));
        else target.apply(tuned.map((name, i) => ({ name, value: formatValue(Math.max(-1, Math.min(1, action[i]!))) })));
        const outcome = run();
        return { outcome, reward: (outcome.benchmark!.tps - reference) / reference, failed: false };
      },
      measure: async (knobs) => {
        if (real) real.apply(knobs);
        else target.apply(knobs);
        return run();
      },
      readQueryMix: async (since, include) => {
        if (closed) throw new FailedPreconditionError('the synthetic environment is closed');
        if (options.queryMix) return options.queryMix.read({ since, include: [...include] });
        return { available: false, reason: 'the synthetic server has no pg_stat_statements', readingId: '', interval: false, statements: [], otherCalls: 0, otherExecTimeMs: 0, totalCalls: 0 };
      },
      close: async (keepCurrent, original) => {
        if (!keepCurrent) {
          target.resetKnobs();
          real?.forget();
          if (real) real.apply(original);
          else target.apply(original);
        }
        closed = true;
      },
    };
    return environment;
  };
}

/**
 * Real knob dimensions over a synthetic target: the values last applied are what the
 * environment reports (as a collector reads its settings back); the target holds their
 * positions in the box. Until something is applied, the values are the target's positions
 * mapped through the dimensions.
 */
function realKnobs(target: SyntheticTarget, dims: readonly KnobDimension[]) {
  if (dims.length !== target.knobNames.length) {
    throw new InvalidArgumentError('dimensions', `has ${dims.length} dimensions, the target has ${target.knobNames.length} knobs`);
  }
  let applied: KnobSetting[] | undefined;
  const inEffect = (): KnobSetting[] => applied ?? actionToKnobs(target.knobs().map((k) => Number(k.value)), dims);
  return {
    dims,
    inEffect,
    /** Real environments tune a chosen subset; this one tunes all of its dimensions. */
    resolve(names: readonly string[]): string[] {
      names.forEach((name, i) => {
        if (!dims.some((d) => d.name === name)) throw new InvalidArgumentError(`knobs[${i}]`, `"${name}" is not a knob of the synthetic target`);
      });
      return dims.map((d) => d.name);
    },
    apply(knobs: readonly KnobSetting[]): void {
      const current = new Map(inEffect().map((k) => [k.name, k.value]));
      for (const k of knobs) current.set(k.name, k.value);
      const next = dims.map((d) => ({ name: d.name, value: current.get(d.name)! }));
      const positions = knobsToAction(next, dims);
      target.apply(target.knobNames.map((name, i) => ({ name, value: formatValue(positions[i]!) })));
      applied = next;
    },
    forget(): void {
      applied = undefined;
    },
  };
}
