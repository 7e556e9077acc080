import { AgentOptionError } from './agent-option-error';
import { NoiseKind, NoiseOptions, ResolvedNoiseOptions } from './noise/action-noise';
import { NetworkActivation } from './network-config';
import { ReplayBuffer } from './replay/replay-buffer';

/**
 * Classic DDPG bootstraps its critic from the next state (gamma > 0, a soft-updated target
 * pair). ddpg++ sets gamma to 0, so the critic becomes a model of performance given state
 * and action: tuning trials are few and costly, and the literature finds this learns faster
 * on them. The literature's ddpg++ also runs several updates per new sample; here both
 * variants do by default (see updatesPerStep), because classic DDPG needs them just as much.
 */
export type DdpgVariant = 'ddpg' | 'ddpg++';

export interface DdpgOptions {
  /** Length of the state vector. Required. */
  stateDim: number;
  /** Number of tuned knobs. Required. */
  actionDim: number;
  /** @defaultValue 'ddpg' */
  variant?: DdpgVariant;
  /**
   * Units of each hidden layer, the same for actor and critic.
   * @defaultValue [64, 64]
   */
  hiddenLayers?: number[];
  /**
   * Hidden-layer activation. Swish, being smooth, gives the critic smooth action gradients
   * for the actor to climb; measured on the synthetic environment, relu and elu found worse
   * configurations within 60 steps.
   * @defaultValue 'swish'
   */
  activation?: NetworkActivation;
  /**
   * Adam learning rate of the actor. Small on purpose: with a few dozen samples the critic
   * is only right near the data, and a fast actor runs off to where it extrapolates.
   * @defaultValue 1e-4
   */
  actorLearningRate?: number;
  /** Adam learning rate of the critic: it must fit each new sample within a few updates. @defaultValue 3e-3 */
  criticLearningRate?: number;
  /** Discount of future rewards. @defaultValue 0.9 for 'ddpg', 0 for 'ddpg++' */
  gamma?: number;
  /** Polyak factor of the target networks' soft update. @defaultValue 0.01 */
  tau?: number;
  /**
   * The actor (and the targets) update once every `policyDelay` critic updates (TD3): the
   * actor then climbs a critic that has caught up with the latest samples.
   * @defaultValue 2
   */
  policyDelay?: number;
  /** Minibatch size. @defaultValue 64 */
  batchSize?: number;
  /**
   * Updates run by train() with no argument, i.e. per new sample. A tuning step costs minutes
   * of benchmarking and an update milliseconds, so many: on the synthetic environment classic
   * DDPG found 0.81 of the optimum within 60 steps with 2 updates per step, 0.90 with 16
   * (mean of 10 seeds).
   * @defaultValue 24
   */
  updatesPerStep?: number;
  /**
   * The first `warmupSteps` exploring actions are a Latin-hypercube sample of the action
   * box; train() does nothing until the buffer holds that many transitions.
   * @defaultValue 5
   */
  warmupSteps?: number;
  /** Exploration noise; see NoiseOptions for each field's default. */
  noise?: NoiseOptions;
  /**
   * Standard deviation of Gaussian noise added to the normalized states of every training
   * minibatch (not when acting). In tuning, the state is mostly the echo of the previous
   * configuration, so with a few dozen samples both networks latch onto it: the actor's
   * output then swings with each measurement and can run away with its own states. The
   * noise smooths both networks along the state; measured on the synthetic environment it
   * lifted the best score within 60 steps from 0.92 to 0.94 (25 seeds, with 16 updates).
   * @defaultValue 0.6
   */
  stateNoise?: number;
  /** Normalized state values are clipped to +-normalizerClip. @defaultValue 5 */
  normalizerClip?: number;
  /** Capacity of the in-memory buffer created when `replay` is not given. @defaultValue 10000 */
  replayCapacity?: number;
  /**
   * Sample transitions in proportion to their last TD error (the buffer must have been
   * created with priorities on; the agent creates its own so when `replay` is not given).
   * @defaultValue false
   */
  prioritized?: boolean;
  /** Seeds weights, noise, the warm-up plan and minibatch sampling. @defaultValue 1 */
  seed?: number;
  /**
   * Where transitions go, e.g. a RedisReplayBuffer. The agent does not close a buffer it was
   * given. @defaultValue a MemoryReplayBuffer of `replayCapacity` owned by the agent
   */
  replay?: ReplayBuffer;
}

/** The options with every default applied; `replay` stays optional (the agent creates one). */
export type ResolvedDdpgOptions = Required<Omit<DdpgOptions, 'noise' | 'replay'>> & {
  noise: ResolvedNoiseOptions;
  replay?: ReplayBuffer;
};

const NOISE_KINDS: readonly NoiseKind[] = ['gaussian', 'ornstein-uhlenbeck'];
const ACTIVATIONS: readonly NetworkActivation[] = ['relu', 'elu', 'tanh', 'swish'];
const VARIANTS: readonly DdpgVariant[] = ['ddpg', 'ddpg++'];

/** Applies the defaults documented on DdpgOptions; throws AgentOptionError naming the bad field. */
export function applyDdpgDefaults(options: DdpgOptions): ResolvedDdpgOptions {
  const variant = options.variant ?? 'ddpg';
  const noise = options.noise ?? {};
  const resolved: ResolvedDdpgOptions = {
    stateDim: options.stateDim,
    actionDim: options.actionDim,
    variant,
    hiddenLayers: options.hiddenLayers ?? [64, 64],
    activation: options.activation ?? 'swish',
    actorLearningRate: options.actorLearningRate ?? 1e-4,
    criticLearningRate: options.criticLearningRate ?? 3e-3,
    gamma: options.gamma ?? (variant === 'ddpg++' ? 0 : 0.9),
    tau: options.tau ?? 0.01,
    policyDelay: options.policyDelay ?? 2,
    batchSize: options.batchSize ?? 64,
    updatesPerStep: options.updatesPerStep ?? 24,
    warmupSteps: options.warmupSteps ?? 5,
    noise: {
      kind: noise.kind ?? 'gaussian',
      sigma: noise.sigma ?? 0.2,
      decay: noise.decay ?? 0.98,
      minSigma: noise.minSigma ?? 0.05,
      theta: noise.theta ?? 0.15,
    },
    normalizerClip: options.normalizerClip ?? 5,
    stateNoise: options.stateNoise ?? 0.6,
    replayCapacity: options.replayCapacity ?? 10_000,
    prioritized: options.prioritized ?? false,
    seed: options.seed ?? 1,
    replay: options.replay,
  };
  validate(resolved);
  return resolved;
}

function validate(o: ResolvedDdpgOptions): void {
  positiveInteger('stateDim', o.stateDim);
  positiveInteger('actionDim', o.actionDim);
  oneOf('variant', o.variant, VARIANTS);
  if (!Array.isArray(o.hiddenLayers)) throw new AgentOptionError('hiddenLayers', 'must be an array of layer sizes');
  o.hiddenLayers.forEach((units, i) => positiveInteger(`hiddenLayers[${i}]`, units));
  oneOf('activation', o.activation, ACTIVATIONS);
  inRange('actorLearningRate', o.actorLearningRate, 0, 1, false);
  inRange('criticLearningRate', o.criticLearningRate, 0, 1, false);
  inRange('gamma', o.gamma, 0, 1, true, false);
  inRange('tau', o.tau, 0, 1, false);
  positiveInteger('policyDelay', o.policyDelay);
  positiveInteger('batchSize', o.batchSize);
  nonNegativeInteger('updatesPerStep', o.updatesPerStep);
  nonNegativeInteger('warmupSteps', o.warmupSteps);
  oneOf('noise.kind', o.noise.kind, NOISE_KINDS);
  inRange('noise.sigma', o.noise.sigma, 0, Infinity, true);
  inRange('noise.decay', o.noise.decay, 0, 1, false);
  inRange('noise.minSigma', o.noise.minSigma, 0, Infinity, true);
  inRange('noise.theta', o.noise.theta, 0, 1, true);
  inRange('stateNoise', o.stateNoise, 0, Infinity, true);
  inRange('normalizerClip', o.normalizerClip, 0, Infinity, false);
  positiveInteger('replayCapacity', o.replayCapacity);
  if (typeof o.prioritized !== 'boolean') throw new AgentOptionError('prioritized', 'must be a boolean');
  nonNegativeInteger('seed', o.seed);
  if (o.replay && (o.replay.stateDim !== o.stateDim || o.replay.actionDim !== o.actionDim)) {
    throw new AgentOptionError(
      'replay',
      `buffer holds ${o.replay.stateDim}-dim states and ${o.replay.actionDim}-dim actions, the agent ${o.stateDim} and ${o.actionDim}`,
    );
  }
}

function positiveInteger(field: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) throw new AgentOptionError(field, `must be a positive integer, got ${value}`);
}

function nonNegativeInteger(field: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) throw new AgentOptionError(field, `must be a non-negative integer, got ${value}`);
}

/** low < value (or <= when lowInclusive) and value <= high (or < when !highInclusive). */
function inRange(field: string, value: number, low: number, high: number, lowInclusive: boolean, highInclusive = true): void {
  const aboveLow = lowInclusive ? value >= low : value > low;
  const belowHigh = highInclusive ? value <= high : value < high;
  if (typeof value !== 'number' || Number.isNaN(value) || !aboveLow || !belowHigh) {
    const interval = `${lowInclusive ? '[' : '('}${low}, ${high}${highInclusive ? ']' : ')'}`;
    throw new AgentOptionError(field, `must be in ${interval}, got ${value}`);
  }
}

function oneOf<T extends string>(field: string, value: T, allowed: readonly T[]): void {
  if (!allowed.includes(value)) throw new AgentOptionError(field, `must be one of ${allowed.join(', ')}, got ${value}`);
}
