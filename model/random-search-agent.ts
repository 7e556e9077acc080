import { AgentOptionError } from './agent-option-error';
import { decodeCheckpoint, encodeCheckpoint } from './checkpoint-codec';
import { Transition } from './replay/replay-buffer';
import { RandomState, SeededRandom } from './seeded-random';
import { ActOptions, AgentDescription, TrainStats, TuningAgent } from './tuning-agent';

export interface RandomSearchOptions {
  /** Length of the state vector (ignored by the search, checked for shape). Required. */
  stateDim: number;
  /** Number of tuned knobs. Required. */
  actionDim: number;
  /** @defaultValue 1 */
  seed?: number;
}

interface RandomSearchCheckpointHeader {
  kind: 'random';
  stateDim: number;
  actionDim: number;
  steps: number;
  random: RandomState;
  bestReward: number | null;
  bestAction: number[] | null;
}

/**
 * The baseline every learner must beat at equal budget: uniform samples of the action box,
 * whatever the state. Without exploration it proposes the best action it has seen, which
 * is what random search would recommend.
 */
export class RandomSearchAgent implements TuningAgent {
  readonly kind = 'random' as const;
  readonly stateDim: number;
  readonly actionDim: number;
  private readonly seed: number;
  private readonly random: SeededRandom;
  private steps = 0;
  private best: { reward: number; action: Float32Array } | undefined;

  constructor(options: RandomSearchOptions) {
    for (const field of ['stateDim', 'actionDim'] as const) {
      if (!Number.isInteger(options[field]) || options[field] < 1) throw new AgentOptionError(field, `must be a positive integer, got ${options[field]}`);
    }
    this.seed = options.seed ?? 1;
    if (!Number.isInteger(this.seed) || this.seed < 0) throw new AgentOptionError('seed', `must be a non-negative integer, got ${this.seed}`);
    this.stateDim = options.stateDim;
    this.actionDim = options.actionDim;
    this.random = new SeededRandom(this.seed);
  }

  async act(_state: Float32Array, options: ActOptions = {}): Promise<Float32Array> {
    if (!(options.explore ?? true)) return this.best ? this.best.action.slice() : new Float32Array(this.actionDim);
    return Float32Array.from({ length: this.actionDim }, () => this.random.uniform(-1, 1));
  }

  async observe(transition: Transition): Promise<void> {
    this.steps += 1;
    if (!this.best || transition.reward > this.best.reward) this.best = { reward: transition.reward, action: transition.action.slice() };
  }

  /** Random search does not learn. */
  async train(): Promise<TrainStats> {
    return { updates: 0, criticLoss: NaN, actorLoss: NaN };
  }

  async save(): Promise<Uint8Array> {
    const header: RandomSearchCheckpointHeader = {
      kind: this.kind,
      stateDim: this.stateDim,
      actionDim: this.actionDim,
      steps: this.steps,
      random: this.random.getState(),
      bestReward: this.best?.reward ?? null,
      bestAction: this.best ? Array.from(this.best.action) : null,
    };
    return encodeCheckpoint(header, {});
  }

  async load(checkpoint: Uint8Array): Promise<void> {
    const { header } = decodeCheckpoint<RandomSearchCheckpointHeader>(checkpoint);
    if (header.kind !== this.kind || header.stateDim !== this.stateDim || header.actionDim !== this.actionDim) {
      throw new AgentOptionError('checkpoint', `holds a ${header.kind} ${header.stateDim}x${header.actionDim} agent, this one is random ${this.stateDim}x${this.actionDim}`);
    }
    this.steps = header.steps;
    this.random.setState(header.random);
    this.best = header.bestAction && header.bestReward !== null ? { reward: header.bestReward, action: Float32Array.from(header.bestAction) } : undefined;
  }

  describe(): AgentDescription {
    return { kind: this.kind, stateDim: this.stateDim, actionDim: this.actionDim, steps: this.steps, updates: 0, options: { seed: this.seed } };
  }

  async dispose(): Promise<void> {}
}
