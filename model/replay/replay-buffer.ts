/**
 * The replay buffer contract. Two implementations (Redis, in-memory) pass one conformance
 * suite (test/model/replay-buffer.conformance.ts). Vectors are float32 throughout: that is
 * what tfjs trains on and what the Redis encoding stores.
 */
export interface Transition {
  state: Float32Array;
  action: Float32Array;
  reward: number;
  nextState: Float32Array;
  done: boolean;
}

/** A minibatch laid out row-major, ready for tf.tensor2d(states, [size, stateDim]). */
export interface TransitionBatch {
  size: number;
  states: Float32Array;
  actions: Float32Array;
  rewards: Float32Array;
  nextStates: Float32Array;
  dones: Float32Array;
  /** Buffer positions of the rows, for updatePriorities. */
  indices: number[];
}

export interface ReplayBuffer {
  readonly stateDim: number;
  readonly actionDim: number;
  /** Appends a transition; past capacity the oldest is dropped. */
  add(transition: Transition, priority?: number): Promise<void>;
  /**
   * Samples `batchSize` rows with replacement: uniformly, or proportionally to priority when
   * the buffer was created with priorities on. `random` returns uniform numbers in [0,1) so
   * that a seeded generator makes sampling reproducible.
   */
  sample(batchSize: number, random: () => number): Promise<TransitionBatch>;
  updatePriorities(indices: number[], priorities: number[]): Promise<void>;
  size(): Promise<number>;
  clear(): Promise<void>;
  close(): Promise<void>;
}
