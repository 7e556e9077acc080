import { allocateTransitionBatch } from './allocate-transition-batch';
import type { ReplayBuffer, Transition, TransitionBatch } from './replay-buffer';
import { ReplayBufferEmptyError } from './replay-buffer-empty-error';
import {
  type ReplayBufferOptions,
  type ResolvedReplayBufferOptions,
  resolveReplayBufferOptions,
} from './replay-buffer-options';
import { assertBatchSize, assertPriority, assertPriorityUpdate, assertTransition, assertUnitRandom } from './replay-checks';
import { SumTree } from './sum-tree';

/**
 * A ReplayBuffer in process memory: a ring of preallocated float32 arrays (no object per
 * transition, so a full buffer costs capacity * (2*stateDim + actionDim + 2) * 4 bytes),
 * plus a sum tree when prioritized. For tests, the synthetic environment and single-process
 * runs; it is lost with the process.
 *
 * Indices are ring slots: once a slot is overwritten, an index sampled before refers to the
 * newer transition, and updatePriorities() then sets that one's priority (as in the PER paper).
 */
export class MemoryReplayBuffer implements ReplayBuffer {
  readonly stateDim: number;
  readonly actionDim: number;
  readonly capacity: number;
  readonly prioritized: boolean;

  private readonly states: Float32Array;
  private readonly actions: Float32Array;
  private readonly rewards: Float32Array;
  private readonly nextStates: Float32Array;
  private readonly dones: Float32Array;
  private readonly priorities: SumTree | undefined;
  /** New transitions get the highest priority seen so far, so each is replayed at least about once. */
  private maxPriority = 1;
  private head = 0;
  private count = 0;

  constructor(options: ReplayBufferOptions) {
    const resolved: ResolvedReplayBufferOptions = resolveReplayBufferOptions(options);
    this.stateDim = resolved.stateDim;
    this.actionDim = resolved.actionDim;
    this.capacity = resolved.capacity;
    this.prioritized = resolved.prioritized;
    this.states = new Float32Array(this.capacity * this.stateDim);
    this.actions = new Float32Array(this.capacity * this.actionDim);
    this.rewards = new Float32Array(this.capacity);
    this.nextStates = new Float32Array(this.capacity * this.stateDim);
    this.dones = new Float32Array(this.capacity);
    this.priorities = this.prioritized ? new SumTree(this.capacity) : undefined;
  }

  /** `priority`, when given, must be > 0; a uniform buffer checks and ignores it. */
  async add(transition: Transition, priority?: number): Promise<void> {
    assertTransition(transition, this.stateDim, this.actionDim);
    if (priority !== undefined) assertPriority('priority', priority);
    const slot = this.head;
    this.states.set(transition.state, slot * this.stateDim);
    this.actions.set(transition.action, slot * this.actionDim);
    this.rewards[slot] = transition.reward;
    this.nextStates.set(transition.nextState, slot * this.stateDim);
    this.dones[slot] = transition.done ? 1 : 0;
    if (this.priorities) {
      const weight = priority ?? this.maxPriority;
      this.priorities.set(slot, weight);
      this.maxPriority = Math.max(this.maxPriority, weight);
    }
    this.head = (slot + 1) % this.capacity;
    this.count = Math.min(this.count + 1, this.capacity);
  }

  async sample(batchSize: number, random: () => number): Promise<TransitionBatch> {
    assertBatchSize(batchSize);
    if (this.count === 0) throw new ReplayBufferEmptyError();
    const { stateDim, actionDim } = this;
    const batch = allocateTransitionBatch(batchSize, stateDim, actionDim);
    for (let row = 0; row < batchSize; row++) {
      const slot = this.drawSlot(assertUnitRandom(random()));
      batch.indices[row] = slot;
      batch.states.set(this.states.subarray(slot * stateDim, (slot + 1) * stateDim), row * stateDim);
      batch.actions.set(this.actions.subarray(slot * actionDim, (slot + 1) * actionDim), row * actionDim);
      batch.rewards[row] = this.rewards[slot];
      batch.nextStates.set(this.nextStates.subarray(slot * stateDim, (slot + 1) * stateDim), row * stateDim);
      batch.dones[row] = this.dones[slot];
    }
    return batch;
  }

  /** A uniform buffer checks the arguments and ignores them. */
  async updatePriorities(indices: number[], priorities: number[]): Promise<void> {
    assertPriorityUpdate(indices, priorities, this.count);
    if (!this.priorities) return;
    for (let i = 0; i < indices.length; i++) {
      this.priorities.set(indices[i], priorities[i]);
      this.maxPriority = Math.max(this.maxPriority, priorities[i]);
    }
  }

  async size(): Promise<number> {
    return this.count;
  }

  async clear(): Promise<void> {
    this.head = 0;
    this.count = 0;
    this.maxPriority = 1;
    this.priorities?.clear();
  }

  /** Nothing to release: the arrays go with the object. */
  async close(): Promise<void> {}

  private drawSlot(u: number): number {
    return this.priorities ? this.priorities.find(u * this.priorities.total) : Math.floor(u * this.count);
  }
}
