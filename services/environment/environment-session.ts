import type { ApplyKnobsResponse__Output as ApplyKnobsResponse } from '../../proto/generated/autotune/v1/ApplyKnobsResponse';
import type { BenchmarkResult__Output as BenchmarkResult } from '../../proto/generated/autotune/v1/BenchmarkResult';
import type { BenchmarkSpec } from '../../proto/generated/autotune/v1/BenchmarkSpec';
import type { KnobDimension__Output as KnobDimension } from '../../proto/generated/autotune/v1/KnobDimension';
import type { KnobSetting__Output as KnobSetting } from '../../proto/generated/autotune/v1/KnobSetting';
import type { MetricRates__Output as MetricRates } from '../../proto/generated/autotune/v1/MetricRates';
import type { QueryMix__Output as QueryMix } from '../../proto/generated/autotune/v1/QueryMix';
import type { StepOutcome__Output as StepOutcome } from '../../proto/generated/autotune/v1/StepOutcome';
import type { CollectorClient } from '../../lib/grpc/clients/collector-client';
import {
  AutotuneError,
  FailedPreconditionError,
  InvalidArgumentError,
  NotFoundError,
  UnavailableError,
  errorMessage,
} from '../../lib/core/errors';
import { logger } from '../../lib/core/logger';
import { RESTART_WARMUP_S } from '../../lib/session/session-limits';
import { snapshotRates } from '../../lib/metrics/snapshot-rates';
import { Mutex } from '../../lib/core/mutex';
import { actionToKnobs } from '../../knobs/action-mapping';
import type { MemoryBudget } from '../../knobs/memory-budget';
import type { RewardWeights } from '../../lib/session/reward-weights';
import { FAR_BELOW_BASELINE_RATIO, RewardTracker, isMeasurable, performanceOf } from './reward-tracker';
import type { StateVector } from './state-vector';

/** What a session uses of its collector: a CollectorClient, or a fake with known answers in tests. */
export type SessionCollector = Pick<
  CollectorClient,
  'getServerInfo' | 'getKnobs' | 'snapshot' | 'applyKnobs' | 'resetKnobs' | 'keepKnobs' | 'runBenchmark' | 'getQueryMix' | 'close'
>;

export interface EnvironmentSessionOptions {
  id: string;
  /** The session's own client; closed with the session. */
  collector: SessionCollector;
  /** The action space, in action order. */
  dims: KnobDimension[];
  state: StateVector;
  benchmark: BenchmarkSpec;
  weights: RewardWeights;
  allowDurabilityRisk: boolean;
  memoryBudget?: MemoryBudget;
  /** Applying the start configuration restarted the server: the first baseline run warms up as after any restart. */
  startRestarted?: boolean;
}

export interface StepResult {
  outcome: StepOutcome;
  reward: number;
  /** Nothing was measured (refused, rolled back, benchmark failed): the reward is the bounded penalty. */
  failed: boolean;
}

interface MeasuredRun {
  benchmark: BenchmarkResult;
  rates: MetricRates;
}

interface RollBack {
  rolledBack: boolean;
  restarted: boolean;
  knobs: KnobSetting[];
  note: string;
}

/**
 * One open environment: the RL view of one server through its collector. Calls run one at
 * a time (a Step during a Reset would measure a moving target).
 *
 * Step outcomes:
 * - measured: reward = CDBTune against baseline and previous (floored), the step becomes
 *   "previous" and "last good";
 * - far below baseline (TPS < FAR_BELOW_BASELINE_RATIO x baseline): still measured and
 *   scored (it is data; the floored reward already says how bad), but the last good
 *   configuration is put back (rolled_back, error says why) and the step becomes neither
 *   "previous" nor "last good";
 * - failed (the collector refused or rolled back the change, or the benchmark failed after
 *   it applied): failed = true, reward = failurePenalty(worst measured), state = last good
 *   state, the last good configuration put back, error says what happened.
 * The collector being unreachable, or the server not answering before anything changed, is
 * an error (UNAVAILABLE), not a step: nothing about the configuration was learned.
 */
export class EnvironmentSession {
  private readonly lock = new Mutex();
  private readonly rewards: RewardTracker;
  private lastGood: { knobs: KnobSetting[]; state: number[] };
  private lastState: number[];
  private closed = false;
  private coldStart: boolean;

  constructor(private readonly options: EnvironmentSessionOptions) {
    this.rewards = new RewardTracker(options.weights);
    const knobs = options.dims.map((d) => ({ name: d.name, value: d.baseline }));
    const state = options.state.build(null, knobs);
    this.lastGood = { knobs, state };
    this.lastState = state;
    this.coldStart = options.startRestarted === true;
  }

  get id(): string {
    return this.options.id;
  }

  /** Benchmarks the configuration in effect; it becomes the reward's baseline and previous step. */
  reset(): Promise<StepOutcome> {
    return this.exclusive(async () => {
      const knobs = await this.currentKnobs();
      const run = await this.run(this.coldStart);
      this.coldStart = false;
      this.rewards.startEpisode(performanceOf(run.benchmark));
      const state = this.options.state.build(run.rates, knobs);
      this.lastGood = { knobs, state };
      this.lastState = state;
      return measuredOutcome(state, run, knobs, false);
    });
  }

  /** Maps the action onto knob values, applies them, benchmarks and scores the result. */
  step(action: readonly number[]): Promise<StepResult> {
    return this.exclusive(async () => {
      if (!this.rewards.hasBaseline) throw new FailedPreconditionError(`environment ${this.id}: call Reset before Step (the reward needs a baseline)`);
      const settings = actionToKnobs(action, this.options.dims, { memoryBudget: this.options.memoryBudget });
      const attempted = settings.map((k) => `${k.name}=${k.value}`).join(', ');
      let applied: ApplyKnobsResponse;
      try {
        applied = await this.options.collector.applyKnobs({ knobs: settings, allowDurabilityRisk: this.options.allowDurabilityRisk });
      } catch (err) {
        // Refused before anything changed (safety limits, memory budget): a failed step.
        if (!(err instanceof InvalidArgumentError || err instanceof FailedPreconditionError)) throw err;
        return this.failed(`the collector refused ${attempted}: ${err.message}`, { rolledBack: false, restarted: false, knobs: await this.knobsNow(), note: '' });
      }
      if (!applied.applied) {
        const back = { rolledBack: applied.rolledBack, restarted: applied.restarted, knobs: applied.inEffect, note: '' };
        return this.failed(`${attempted} ${applied.rolledBack ? 'broke the server and was rolled back' : 'did not apply'}: ${applied.error}`, back);
      }
      let run: MeasuredRun;
      try {
        run = await this.run(applied.restarted);
      } catch (err) {
        await this.rethrowUnlessConfigFault(err);
        const back = await this.rollBack();
        return this.failed(`the benchmark failed with ${attempted}: ${errorMessage(err)}${back.note}`, { ...back, restarted: applied.restarted || back.restarted });
      }
      const sample = performanceOf(run.benchmark);
      if (!isMeasurable(sample)) {
        const back = await this.rollBack();
        const error = `the benchmark with ${attempted} measured ${sample.tps} tps, p95 ${sample.latencyMs} ms${back.note}`;
        return this.failed(error, { ...back, restarted: applied.restarted || back.restarted });
      }
      const reward = this.rewards.score(sample);
      const state = this.options.state.build(run.rates, applied.inEffect);
      this.lastState = state;
      if (this.rewards.farBelowBaseline(sample)) {
        const back = await this.rollBack();
        const baseline = this.rewards.baselineSample!;
        const error =
          `${sample.tps.toFixed(1)} tps is ${((100 * sample.tps) / baseline.tps).toFixed(0)}% of the baseline's ${baseline.tps.toFixed(1)} ` +
          `(under ${FAR_BELOW_BASELINE_RATIO * 100}%)${back.note}`;
        logger.warn({ env: this.id, knobs: attempted, tps: sample.tps, baselineTps: baseline.tps }, 'step far below baseline');
        const outcome = { ...measuredOutcome(state, run, applied.inEffect, applied.restarted || back.restarted), rolledBack: back.rolledBack, error };
        return { outcome, reward, failed: false };
      }
      this.rewards.accept(sample);
      this.lastGood = { knobs: applied.inEffect, state };
      return { outcome: measuredOutcome(state, run, applied.inEffect, applied.restarted), reward, failed: false };
    });
  }

  /**
   * Applies explicit values of tuned knobs (the others stay as they are) and benchmarks
   * them, without a reward: verification and drift re-measurement. A change the collector
   * rolls back or a benchmark that fails is reported in the outcome's error, not thrown;
   * values outside the safe ranges are the caller's mistake (INVALID_ARGUMENT).
   */
  measure(knobs: readonly { name?: string; value?: string }[]): Promise<StepOutcome> {
    return this.exclusive(async () => {
      const requested = this.checkKnobNames(knobs);
      const current = new Map((await this.currentKnobs()).map((k) => [k.name, k.value]));
      const changed = requested.filter((k) => current.get(k.name) !== k.value);
      let restarted = false;
      if (changed.length > 0) {
        const applied = await this.options.collector.applyKnobs({ knobs: changed, allowDurabilityRisk: this.options.allowDurabilityRisk });
        restarted = applied.restarted;
        if (!applied.applied) {
          return failedOutcome(this.lastState, await this.knobsNow(), restarted, applied.rolledBack, `the change did not apply: ${applied.error}`);
        }
      }
      let run: MeasuredRun;
      try {
        run = await this.run(restarted);
      } catch (err) {
        await this.rethrowUnlessConfigFault(err);
        return failedOutcome(this.lastState, await this.knobsNow(), restarted, false, `the benchmark failed: ${errorMessage(err)}`);
      }
      const inEffect = await this.currentKnobs();
      const state = this.options.state.build(run.rates, inEffect);
      this.lastState = state;
      return measuredOutcome(state, run, inEffect, restarted);
    });
  }

  /** The server's query mix (Collector.GetQueryMix); in turn with the other calls, so a watch's reading is never taken during its runs. */
  readQueryMix(since: string, include: readonly string[]): Promise<QueryMix> {
    return this.exclusive(() => this.options.collector.getQueryMix(since, [...include]));
  }

  /**
   * Restores the original (ResetKnobs: the collector's recorded original, then `original`, the
   * session's recorded one, when given), or with `keepCurrent` makes the configuration in
   * effect the one the collector keeps (KeepKnobs); returns the tuned knobs' values in
   * effect. The session is closed only when this succeeds, so a failed restore can be retried.
   */
  close(keepCurrent: boolean, original: KnobSetting[] = []): Promise<KnobSetting[]> {
    return this.exclusive(async () => {
      let inEffect: KnobSetting[];
      if (keepCurrent) {
        await this.options.collector.keepKnobs();
        inEffect = await this.currentKnobs();
      } else {
        const reset = await this.options.collector.resetKnobs(original);
        const byName = new Map(reset.inEffect.map((k) => [k.name, k.value]));
        inEffect = this.options.dims.map((d) => ({ name: d.name, value: byName.get(d.name) ?? '' }));
      }
      this.closed = true;
      this.options.collector.close();
      return inEffect;
    });
  }

  /** Drops the collector connection without restoring anything (the service is stopping). */
  dispose(): void {
    this.closed = true;
    this.options.collector.close();
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    return this.lock.run(async () => {
      if (this.closed) throw new NotFoundError(`environment ${this.id} is closed`);
      return fn();
    });
  }

  /** snapshot -> benchmark -> snapshot: the run and the rates over its window (warm-up included). */
  private async run(restarted: boolean): Promise<MeasuredRun> {
    const { collector, benchmark } = this.options;
    const spec = restarted ? withRestartWarmup(benchmark) : benchmark;
    const before = await collector.snapshot();
    const result = await collector.runBenchmark(spec);
    const after = await collector.snapshot();
    return { benchmark: result, rates: snapshotRates(before, after) };
  }

  private failed(error: string, back: RollBack): StepResult {
    logger.warn({ env: this.id, error }, 'step failed');
    const outcome = failedOutcome(this.lastGood.state, back.knobs, back.restarted, back.rolledBack, error);
    return { outcome, reward: this.rewards.penalty(), failed: true };
  }

  /** Puts the last good configuration back; a failure to do so is told in `note`, not thrown. */
  private async rollBack(): Promise<RollBack> {
    try {
      const reply = await this.options.collector.applyKnobs({ knobs: this.lastGood.knobs, allowDurabilityRisk: this.options.allowDurabilityRisk });
      if (!reply.applied) {
        return { rolledBack: false, restarted: reply.restarted, knobs: reply.inEffect, note: `; putting the last good configuration back failed too: ${reply.error}` };
      }
      return { rolledBack: true, restarted: reply.restarted, knobs: reply.inEffect, note: '; the last good configuration is back in effect' };
    } catch (err) {
      if (!(err instanceof AutotuneError)) throw err;
      logger.error({ env: this.id, err: errorMessage(err) }, 'could not put the last good configuration back');
      return { rolledBack: false, restarted: false, knobs: await this.knobsNow(), note: `; putting the last good configuration back failed: ${err.message}` };
    }
  }

  /**
   * A failure while benchmarking a configuration is the configuration's (a failed step)
   * unless it is the request's (a bad spec, a missing script: thrown as they are) or the
   * collector itself is gone (thrown: nothing can be measured any more).
   */
  private async rethrowUnlessConfigFault(err: unknown): Promise<void> {
    if (!(err instanceof AutotuneError) || err instanceof InvalidArgumentError || err instanceof NotFoundError) throw err;
    if (err instanceof UnavailableError) {
      try {
        await this.options.collector.getServerInfo();
      } catch {
        throw err;
      }
    }
  }

  /** The tuned knobs' values in effect, in action order. */
  private async currentKnobs(): Promise<KnobSetting[]> {
    const { knobs } = await this.options.collector.getKnobs(this.options.dims.map((d) => d.name));
    const byName = new Map(knobs.map((k) => [k.name, k.value]));
    return this.options.dims.map((d) => ({ name: d.name, value: byName.get(d.name) ?? '' }));
  }

  /** The values in effect, or the last good ones when the server cannot be read (it may be down). */
  private async knobsNow(): Promise<KnobSetting[]> {
    try {
      return await this.currentKnobs();
    } catch (err) {
      if (!(err instanceof AutotuneError)) throw err;
      return this.lastGood.knobs;
    }
  }

  private checkKnobNames(knobs: readonly { name?: string; value?: string }[]): KnobSetting[] {
    const tuned = new Set(this.options.dims.map((d) => d.name));
    const seen = new Set<string>();
    return knobs.map(({ name = '', value = '' }, i) => {
      if (!tuned.has(name)) {
        throw new InvalidArgumentError(`knobs[${i}]`, `"${name}" is not a knob of this environment (${[...tuned].join(', ')})`);
      }
      if (seen.has(name)) throw new InvalidArgumentError(`knobs[${i}]`, `${name} is given more than once`);
      seen.add(name);
      return { name, value: value.trim() };
    });
  }
}

function withRestartWarmup(spec: BenchmarkSpec): BenchmarkSpec {
  const warmupS = Math.max(spec.warmupS ?? 0, Math.min(RESTART_WARMUP_S, spec.durationS ?? RESTART_WARMUP_S));
  return { ...spec, warmupS };
}

function measuredOutcome(state: number[], run: MeasuredRun, knobs: KnobSetting[], restarted: boolean): StepOutcome {
  return { state, benchmark: run.benchmark, knobs, restarted, rolledBack: false, error: '', rates: run.rates };
}

function failedOutcome(state: number[], knobs: KnobSetting[], restarted: boolean, rolledBack: boolean, error: string): StepOutcome {
  return { state, benchmark: null, knobs, restarted, rolledBack, error, rates: null };
}
