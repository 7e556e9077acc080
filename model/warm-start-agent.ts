import { AgentOptionError } from './agent-option-error';
import { decodeCheckpoint, encodeCheckpoint } from './checkpoint-codec';
import { checkedAction } from './fixed-action-agent';
import { Transition } from './replay/replay-buffer';
import { ActOptions, AgentDescription, TrainStats, TuningAgent } from './tuning-agent';

export interface WarmStartOptions {
  /** The first action to propose (for `--warm-start rules`: PGTune's configuration as positions). */
  action: readonly number[];
  /**
   * The first action was already proposed (a resumed session that stored its first step):
   * it is never proposed twice. @defaultValue false
   */
  used?: boolean;
}

interface WarmStartCheckpointHeader {
  warmStart: true;
  used: boolean;
}

const INNER_BLOB = 'inner';

/**
 * Any agent, whose first exploring act is a given action (the warm start) and everything
 * else its own: the warm-start step is observed and trained on like any other, so the
 * learner starts from what the rules know. The kind is the inner agent's: the checkpoint
 * wraps the inner one's bytes with the "already used" flag.
 */
export class WarmStartAgent implements TuningAgent {
  readonly kind: TuningAgent['kind'];
  readonly stateDim: number;
  readonly actionDim: number;
  private readonly action: Float32Array;
  private used: boolean;

  constructor(
    private readonly inner: TuningAgent,
    options: WarmStartOptions,
  ) {
    this.action = checkedAction(options.action, 'warmStart.action');
    if (this.action.length !== inner.actionDim) {
      throw new AgentOptionError('warmStart.action', `has ${this.action.length} values, the agent acts on ${inner.actionDim}`);
    }
    this.kind = inner.kind;
    this.stateDim = inner.stateDim;
    this.actionDim = inner.actionDim;
    this.used = options.used ?? false;
  }

  /** Whether the warm-start action has been proposed. */
  get warmStartUsed(): boolean {
    return this.used;
  }

  async act(state: Float32Array, options: ActOptions = {}): Promise<Float32Array> {
    // A greedy act (explore off) asks for the agent's own best guess, never the warm start.
    if (this.used || !(options.explore ?? true)) return this.inner.act(state, options);
    this.used = true;
    return this.action.slice();
  }

  observe(transition: Transition): Promise<void> {
    return this.inner.observe(transition);
  }

  train(updates?: number): Promise<TrainStats> {
    return this.inner.train(updates);
  }

  async save(): Promise<Uint8Array> {
    const header: WarmStartCheckpointHeader = { warmStart: true, used: this.used };
    return encodeCheckpoint(header, { [INNER_BLOB]: await this.inner.save() });
  }

  async load(checkpoint: Uint8Array): Promise<void> {
    const { header, blobs } = decodeCheckpoint<Partial<WarmStartCheckpointHeader>>(checkpoint);
    const inner = blobs[INNER_BLOB];
    if (header.warmStart !== true || !inner) throw new AgentOptionError('checkpoint', 'holds an agent without a warm start; this one has one');
    await this.inner.load(inner);
    // Once used, always used: a resume must not repeat the warm-start step.
    this.used = this.used || header.used === true;
  }

  describe(): AgentDescription {
    const inner = this.inner.describe();
    return { ...inner, options: { ...inner.options, warmStart: { used: this.used } } };
  }

  dispose(): Promise<void> {
    return this.inner.dispose();
  }
}
