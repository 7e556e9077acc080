import type { TuningAgent } from '../../model/tuning-agent';
import { tuningStep } from '../../model/tuning-step';
import type { KnobSetting__Output as KnobSetting } from '../../proto/generated/autotune/v1/KnobSetting';
import type { ResolvedSessionOptions } from '../../lib/session/session-options';
import type { MetadataStore } from '../../lib/store/metadata-store';
import type { IterationRecorder } from './iteration-recorder';
import type { ReplayKeeper } from './replay-keeper';
import { StepRemeasure, remeasureMetrics } from './step-remeasure';
import type { TuningEnvironment } from './tuning-environment';

export interface TuningStepsInputs {
  store: MetadataStore;
  sessionId: string;
  opts: ResolvedSessionOptions;
  agent: TuningAgent;
  replay: ReplayKeeper;
  env: TuningEnvironment;
  /** The round's baseline: what a drift re-measurement measures. */
  baselineKnobs: KnobSetting[];
  /** Writes the rows; its round is the round being tuned. */
  rows: IterationRecorder;
  /** The state the round's baseline (or the last stored step) left. */
  initialState: number[];
  /** Steps of this round already stored (a resume's): the loop goes on after them. */
  stepsDone: number;
  signal: AbortSignal;
  progress: (fields: { iteration: number; tps: number; reward: number; message: string }) => void;
}

/**
 * The round's tuning steps after `stepsDone` of them: `iterations` per round, numbered on
 * across rounds. Each step acts, applies and measures, is stored, and trains (model/tuning-step.ts);
 * a promising one is measured again as the next step (step-remeasure.ts); a checkpoint every
 * checkpoint_every steps and at the last, the baseline re-measured every baseline_every.
 */
export async function runTuningSteps(inputs: TuningStepsInputs): Promise<void> {
  const { store, sessionId, opts, agent, replay, env, baselineKnobs, rows } = inputs;
  let state = Float32Array.from(inputs.initialState);
  // Rewards are relative to the round's baseline: only the round's steps rank against each other.
  const remeasure = new StepRemeasure(opts.remeasureTop, await store.iterations.list(sessionId, 'step', rows.round));
  /** The action of the step before when this step re-measures it (step-remeasure.ts). */
  let again: Float32Array | undefined;
  for (let k = inputs.stepsDone + 1; k <= opts.iterations; k++) {
    inputs.signal.throwIfAborted();
    const n = rows.stored('step') + 1;
    await replay.keep();
    const metrics = again ? remeasureMetrics(n - 1) : undefined;
    const { action, applied, stats } = await tuningStep(agent, state, {
      action: again,
      apply: async (action) => {
        const result = await env.step(Array.from(action));
        return { ...result, nextState: Float32Array.from(result.outcome.state) };
      },
      record: (action, { outcome, reward }) => rows.record('step', outcome, { reward, action: Array.from(action), metrics }),
    });
    const { outcome, reward, failed } = applied;
    state = applied.nextState;
    again = remeasure.next(action, applied, metrics !== undefined);
    inputs.progress({
      iteration: n,
      tps: failed ? 0 : (outcome.benchmark?.tps ?? 0),
      reward,
      message: failed
        ? `step ${n} failed: ${outcome.error}`
        : stats.updates === 0
          ? `step ${n}: collecting experience`
          : `step ${n}: ${stats.updates} updates, critic loss ${stats.criticLoss.toFixed(4)}`,
    });
    await replay.keep();
    if (k % opts.checkpointEvery === 0 || k === opts.iterations) {
      await store.checkpoints.save({ sessionId, step: n, weights: await agent.save() });
    }
    if (opts.baselineEvery > 0 && k % opts.baselineEvery === 0 && k < opts.iterations) {
      const drift = await env.measure(baselineKnobs);
      await rows.record('drift', drift);
    }
  }
}
