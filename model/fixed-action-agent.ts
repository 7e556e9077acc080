import { AgentOptionError } from './agent-option-error';
import { decodeCheckpoint, encodeCheckpoint } from './checkpoint-codec';
import { Transition } from './replay/replay-buffer';
import { ActOptions, AgentDescription, TrainStats, TuningAgent } from './tuning-agent';

export interface FixedActionOptions {
  /** Length of the state vector (ignored, checked for shape). Required. */
  stateDim: number;
  /** The one action, in [-1, 1]^n (for `rules`: PGTune's configuration as positions in the action space). Required. */
  action: readonly number[];
}

interface FixedActionCheckpointHeader {
  kind: 'rules';
  stateDim: number;
  action: number[];
  steps: number;
}

/**
 * The rules baseline in the agents' interface: it always proposes the one action it was
 * given, explored or not, and learns nothing. The action comes ready from the caller (the
 * trainer maps PGTune's configuration onto the action space), so model/ knows no knobs.
 */
export class FixedActionAgent implements TuningAgent {
  readonly kind = 'rules' as const;
  readonly stateDim: number;
  readonly actionDim: number;
  private readonly action: Float32Array;
  private steps = 0;

  constructor(options: FixedActionOptions) {
    if (!Number.isInteger(options.stateDim) || options.stateDim < 1) {
      throw new AgentOptionError('stateDim', `must be a positive integer, got ${options.stateDim}`);
    }
    this.action = checkedAction(options.action);
    this.stateDim = options.stateDim;
    this.actionDim = this.action.length;
  }

  async act(_state: Float32Array, _options?: ActOptions): Promise<Float32Array> {
    return this.action.slice();
  }

  async observe(_transition: Transition): Promise<void> {
    this.steps += 1;
  }

  /** Rules do not learn. */
  async train(): Promise<TrainStats> {
    return { updates: 0, criticLoss: NaN, actorLoss: NaN };
  }

  async save(): Promise<Uint8Array> {
    const header: FixedActionCheckpointHeader = { kind: this.kind, stateDim: this.stateDim, action: Array.from(this.action), steps: this.steps };
    return encodeCheckpoint(header, {});
  }

  /** The step count only: the action is the one this agent was built with (the host's rules now). */
  async load(checkpoint: Uint8Array): Promise<void> {
    const { header } = decodeCheckpoint<FixedActionCheckpointHeader>(checkpoint);
    if (header.kind !== this.kind || header.stateDim !== this.stateDim || header.action.length !== this.actionDim) {
      throw new AgentOptionError(
        'checkpoint',
        `holds a ${header.kind} ${header.stateDim}x${header.action?.length} agent, this one is rules ${this.stateDim}x${this.actionDim}`,
      );
    }
    this.steps = header.steps;
  }

  describe(): AgentDescription {
    return { kind: this.kind, stateDim: this.stateDim, actionDim: this.actionDim, steps: this.steps, updates: 0, options: { action: Array.from(this.action) } };
  }

  async dispose(): Promise<void> {}
}

/** A copy of an action that a server may receive: non-empty, every value finite and in [-1, 1]. */
export function checkedAction(action: readonly number[], field = 'action'): Float32Array {
  if (action.length === 0) throw new AgentOptionError(field, 'must have at least one value');
  action.forEach((v, i) => {
    if (!Number.isFinite(v) || v < -1 || v > 1) throw new AgentOptionError(`${field}[${i}]`, `must be a finite number in [-1, 1], got ${v}`);
  });
  return Float32Array.from(action);
}
