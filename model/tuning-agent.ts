import { Transition } from './replay/replay-buffer';

/**
 * What the trainer drives, whatever optimizes: DDPG, ddpg++, random search or the rules
 * baseline. The loop is act -> apply and measure -> observe -> train, and every
 * implementation can save itself to bytes and be restored from them.
 */
export interface TuningAgent {
  readonly kind: AgentKind;
  readonly stateDim: number;
  readonly actionDim: number;
  /** An action in [-1, 1]^actionDim for this (raw, unnormalized) state. */
  act(state: Float32Array, options?: ActOptions): Promise<Float32Array>;
  /** Records the outcome of one environment step; counts as one step. */
  observe(transition: Transition): Promise<void>;
  /** Runs `updates` learning updates (the agent's configured number when omitted). */
  train(updates?: number): Promise<TrainStats>;
  /** Everything needed to continue exactly where the agent is, as bytes. */
  save(): Promise<Uint8Array>;
  /** Restores what save() returned; throws if it belongs to another kind or shape of agent. */
  load(checkpoint: Uint8Array): Promise<void>;
  describe(): AgentDescription;
  /** Frees tensors and closes a replay buffer the agent created itself. */
  dispose(): Promise<void>;
}

/** rules: PGTune's configuration as one fixed action (fixed-action-agent.ts). */
export type AgentKind = 'ddpg' | 'ddpg++' | 'random' | 'rules';

export interface ActOptions {
  /**
   * Add exploration (the Latin-hypercube plan during warm-up, noise afterwards). Off, the
   * action is the agent's current best guess.
   * @defaultValue true
   */
  explore?: boolean;
}

export interface TrainStats {
  /** Updates actually run: 0 while the buffer is too small or the agent does not learn. */
  updates: number;
  /** Mean critic loss over those updates; NaN when none ran. */
  criticLoss: number;
  /** Mean actor loss (minus the critic's value of the actor's actions); NaN when none ran. */
  actorLoss: number;
}

/** For logs and reports: what the agent is and where it stands. */
export interface AgentDescription {
  kind: AgentKind;
  stateDim: number;
  actionDim: number;
  /** Environment steps observed so far. */
  steps: number;
  /** Learning updates run so far. */
  updates: number;
  /** The options in force, defaults applied (JSON-safe). */
  options: Record<string, unknown>;
}
