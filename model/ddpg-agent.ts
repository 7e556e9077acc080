import * as tf from '@tensorflow/tfjs';
import { AgentOptionError } from './agent-option-error';
import { actorAction, buildActor } from './actor-network';
import { decodeCheckpoint, encodeCheckpoint } from './checkpoint-codec';
import { buildCritic } from './critic-network';
import { applyDdpgDefaults, DdpgOptions, ResolvedDdpgOptions } from './ddpg-options';
import { DdpgNetworks, DdpgOptimizers, ddpgUpdate } from './ddpg-update';
import { latinHypercube } from './latin-hypercube';
import { loadModel, loadOptimizer, SavedModel, saveModel, saveOptimizer } from './model-artifacts';
import { ActionNoise, NoiseState } from './noise/action-noise';
import { createNoise } from './noise/create-noise';
import { MemoryReplayBuffer } from './replay/memory-replay-buffer';
import { ReplayBuffer, Transition } from './replay/replay-buffer';
import { NormalizerState, RunningNormalizer } from './running-normalizer';
import { RandomState, SeededRandom } from './seeded-random';
import { ActOptions, AgentDescription, TrainStats, TuningAgent } from './tuning-agent';

/** Added to |TD error| so that no transition's priority reaches 0 and it is never replayed again. */
const PRIORITY_EPSILON = 1e-3;

const NETWORKS = ['actor', 'critic', 'targetActor', 'targetCritic'] as const;

interface DdpgCheckpointHeader {
  kind: DdpgAgent['kind'];
  stateDim: number;
  actionDim: number;
  hiddenLayers: number[];
  activation: string;
  steps: number;
  updates: number;
  normalizer: NormalizerState;
  noise: NoiseState;
  sampling: RandomState;
  warmupPlan: number[][];
  networks: Record<(typeof NETWORKS)[number], SavedModel>;
  optimizers: Record<keyof DdpgOptimizers, tf.io.WeightsManifestEntry[]>;
}

/**
 * DDPG (and its ddpg++ variant) as a TuningAgent. States are stored raw in the replay buffer
 * and normalized when sampled, so that the buffer can be rebuilt from the metadata store and
 * never holds values normalized by outdated statistics.
 *
 * The tfjs backend must be ready before construction: call selectBackend() first
 * (createAgent does).
 */
export class DdpgAgent implements TuningAgent {
  readonly kind: 'ddpg' | 'ddpg++';
  readonly stateDim: number;
  readonly actionDim: number;
  private readonly options: ResolvedDdpgOptions;
  private readonly replay: ReplayBuffer;
  private readonly ownsReplay: boolean;
  private readonly normalizer: RunningNormalizer;
  private readonly noise: ActionNoise;
  /** Draws minibatch rows; its own stream so that acting does not change which rows train. */
  private readonly sampling: SeededRandom;
  private warmupPlan: Float32Array[];
  private nets: DdpgNetworks;
  private optimizers: DdpgOptimizers;
  private steps = 0;
  private updates = 0;

  constructor(options: DdpgOptions) {
    this.options = applyDdpgDefaults(options);
    const o = this.options;
    this.kind = o.variant;
    this.stateDim = o.stateDim;
    this.actionDim = o.actionDim;
    const seeds = new SeededRandom(o.seed);
    const actorSeed = seeds.deriveSeed();
    const criticSeed = seeds.deriveSeed();
    this.noise = createNoise(o.actionDim, o.noise, seeds.deriveSeed());
    this.sampling = new SeededRandom(seeds.deriveSeed());
    this.warmupPlan = latinHypercube(o.warmupSteps, o.actionDim, new SeededRandom(seeds.deriveSeed()));
    this.normalizer = new RunningNormalizer(o.stateDim, o.normalizerClip);
    this.replay = o.replay ?? new MemoryReplayBuffer({ stateDim: o.stateDim, actionDim: o.actionDim, capacity: o.replayCapacity, prioritized: o.prioritized });
    this.ownsReplay = o.replay === undefined;

    const shape = { stateDim: o.stateDim, actionDim: o.actionDim, hiddenLayers: o.hiddenLayers, activation: o.activation };
    // Same seed, same weights: the targets start as exact copies.
    this.nets = {
      actor: buildActor({ ...shape, seed: actorSeed }),
      critic: buildCritic({ ...shape, seed: criticSeed }),
      targetActor: buildActor({ ...shape, seed: actorSeed }),
      targetCritic: buildCritic({ ...shape, seed: criticSeed }),
    };
    this.optimizers = this.newOptimizers();
  }

  async act(state: Float32Array, options: ActOptions = {}): Promise<Float32Array> {
    const explore = options.explore ?? true;
    if (explore && this.steps < this.warmupPlan.length) return Float32Array.from(this.warmupPlan[this.steps]);
    const action = this.policy(state);
    if (explore) {
      const noise = this.noise.sample();
      for (let i = 0; i < action.length; i++) action[i] = Math.max(-1, Math.min(1, action[i] + noise[i]));
    }
    return action;
  }

  async observe(transition: Transition): Promise<void> {
    this.normalizer.update(transition.state);
    await this.replay.add(transition);
    this.steps += 1;
    // Noise shrinks once the warm-up plan is spent: the plan is the early exploration.
    if (this.steps > this.warmupPlan.length) this.noise.decay();
    if (transition.done) this.noise.reset();
  }

  async train(updates = this.options.updatesPerStep): Promise<TrainStats> {
    if ((await this.replay.size()) < Math.max(1, this.options.warmupSteps)) return { updates: 0, criticLoss: NaN, actorLoss: NaN };
    const criticLosses: number[] = [];
    const actorLosses: number[] = [];
    for (let i = 0; i < updates; i++) {
      const batch = await this.replay.sample(this.options.batchSize, () => this.sampling.next());
      batch.states = this.withStateNoise(this.normalizer.normalizeRows(batch.states));
      batch.nextStates = this.withStateNoise(this.normalizer.normalizeRows(batch.nextStates));
      const result = ddpgUpdate(this.nets, this.optimizers, batch, {
        gamma: this.options.gamma,
        tau: this.options.tau,
        updateActor: this.updates % this.options.policyDelay === 0,
        tdErrors: this.options.prioritized,
      });
      this.updates += 1;
      criticLosses.push(result.criticLoss);
      if (result.actorLoss !== undefined) actorLosses.push(result.actorLoss);
      if (result.tdErrors) {
        await this.replay.updatePriorities(batch.indices, Array.from(result.tdErrors, (e) => e + PRIORITY_EPSILON));
      }
    }
    return { updates, criticLoss: mean(criticLosses), actorLoss: mean(actorLosses) };
  }

  async save(): Promise<Uint8Array> {
    const blobs: Record<string, Uint8Array> = {};
    const networks = {} as DdpgCheckpointHeader['networks'];
    for (const name of NETWORKS) {
      const { saved, weights } = await saveModel(this.nets[name]);
      networks[name] = saved;
      blobs[name] = weights;
    }
    const optimizers = {} as DdpgCheckpointHeader['optimizers'];
    for (const name of ['actor', 'critic'] as const) {
      const { specs, weights } = await saveOptimizer(this.optimizers[name]);
      optimizers[name] = specs;
      blobs[`${name}Optimizer`] = weights;
    }
    const header: DdpgCheckpointHeader = {
      kind: this.kind,
      stateDim: this.stateDim,
      actionDim: this.actionDim,
      hiddenLayers: this.options.hiddenLayers,
      activation: this.options.activation,
      steps: this.steps,
      updates: this.updates,
      normalizer: this.normalizer.getState(),
      noise: this.noise.getState(),
      sampling: this.sampling.getState(),
      warmupPlan: this.warmupPlan.map((p) => Array.from(p)),
      networks,
      optimizers,
    };
    return encodeCheckpoint(header, blobs);
  }

  /** Restores networks, optimizer moments, normalizer, noise, generators and counters. Hyperparameters (learning rates, gamma, ...) stay this agent's. */
  async load(checkpoint: Uint8Array): Promise<void> {
    const { header, blobs } = decodeCheckpoint<DdpgCheckpointHeader>(checkpoint);
    this.checkCompatible(header);
    const loaded = {} as DdpgNetworks;
    for (const name of NETWORKS) loaded[name] = await loadModel(header.networks[name], blobs[name]);
    const optimizers = this.newOptimizers();
    // Adam creates its moment slots on first use: one slot list per trainable variable, in order.
    await loadOptimizer(optimizers.actor, header.optimizers.actor, blobs.actorOptimizer);
    await loadOptimizer(optimizers.critic, header.optimizers.critic, blobs.criticOptimizer);

    this.disposeNetworks();
    this.nets = loaded;
    this.optimizers = optimizers;
    this.normalizer.setState(header.normalizer);
    this.noise.setState(header.noise);
    this.sampling.setState(header.sampling);
    this.warmupPlan = header.warmupPlan.map((p) => Float32Array.from(p));
    this.steps = header.steps;
    this.updates = header.updates;
  }

  describe(): AgentDescription {
    const { replay: _replay, ...options } = this.options;
    return { kind: this.kind, stateDim: this.stateDim, actionDim: this.actionDim, steps: this.steps, updates: this.updates, options: { ...options, noiseScale: this.noise.scale } };
  }

  async dispose(): Promise<void> {
    this.disposeNetworks();
    if (this.ownsReplay) await this.replay.close();
  }

  /** The deterministic action mu(s) for a raw state. */
  private policy(state: Float32Array): Float32Array {
    const input = this.normalizer.normalize(state);
    return tf.tidy(() => actorAction(this.nets.actor, tf.tensor2d(input, [1, this.stateDim])).action.dataSync() as Float32Array).slice();
  }

  /** Adds the `stateNoise` regularization to normalized minibatch states, in place. */
  private withStateNoise(rows: Float32Array): Float32Array {
    const sd = this.options.stateNoise;
    if (sd === 0) return rows;
    for (let i = 0; i < rows.length; i++) rows[i] += sd * this.sampling.normal();
    return rows;
  }

  private newOptimizers(): DdpgOptimizers {
    return { actor: tf.train.adam(this.options.actorLearningRate), critic: tf.train.adam(this.options.criticLearningRate) };
  }

  private disposeNetworks(): void {
    for (const name of NETWORKS) this.nets[name].dispose();
    this.optimizers.actor.dispose();
    this.optimizers.critic.dispose();
  }

  private checkCompatible(header: DdpgCheckpointHeader): void {
    const expected = `${this.kind} ${this.stateDim}x${this.actionDim} [${this.options.hiddenLayers}] ${this.options.activation} ${this.options.noise.kind} noise`;
    const found = `${header.kind} ${header.stateDim}x${header.actionDim} [${header.hiddenLayers}] ${header.activation} ${header.noise.kind} noise`;
    if (expected !== found) throw new AgentOptionError('checkpoint', `holds a ${found} agent, this one is ${expected}`);
  }
}

/** The mean, or NaN for no values. */
function mean(values: number[]): number {
  return values.length === 0 ? NaN : values.reduce((a, b) => a + b, 0) / values.length;
}
