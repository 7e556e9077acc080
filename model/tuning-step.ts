import { TrainStats, TuningAgent } from './tuning-agent';

/** What applying an action gave: the reward and the state observed after it, plus whatever the caller keeps. */
export interface AppliedAction {
  reward: number;
  nextState: Float32Array;
}

export interface TuningStepOptions<T extends AppliedAction> {
  /** Applies the action (clamped, mapped onto knobs, benchmarked: the environment's business). */
  apply: (action: Float32Array) => Promise<T> | T;
  /**
   * Keeps the result before the agent learns from it: the trainer writes the step to the
   * metadata store here, so a crash during training loses nothing the store could not rebuild.
   */
  record?: (action: Float32Array, applied: T) => Promise<void> | void;
  /** Run this action instead of asking the agent: a re-measurement of the step before (remeasure-rule.ts). */
  action?: Float32Array;
}

export interface TuningStepResult<T extends AppliedAction> {
  action: Float32Array;
  applied: T;
  stats: TrainStats;
}

/**
 * One step of the tuning loop, in the one order every loop uses (the trainer's
 * SessionRunner and runSyntheticTuning): act (exploring) on the current state, apply the
 * action, record the result, observe the transition, train. A re-measurement is the same
 * step with the action given instead of acted.
 */
export async function tuningStep<T extends AppliedAction>(
  agent: TuningAgent,
  state: Float32Array,
  options: TuningStepOptions<T>,
): Promise<TuningStepResult<T>> {
  const action = options.action ?? (await agent.act(state, { explore: true }));
  const applied = await options.apply(action);
  await options.record?.(action, applied);
  await agent.observe({ state, action, reward: applied.reward, nextState: applied.nextState, done: false });
  const stats = await agent.train();
  return { action, applied, stats };
}
