import { RandomState } from '../seeded-random';

/**
 * Exploration noise added to the actor's action. The scale starts at `sigma` and shrinks by
 * `decay` every environment step down to `minSigma`: early steps explore the action box,
 * later steps refine around what the critic believes is best.
 */
export interface ActionNoise {
  /** The next noise vector (advances the generator and, for OU, the process). */
  sample(): Float32Array;
  /** Shrinks the scale by one step of decay. */
  decay(): void;
  /** Restarts the process (OU's running value) without touching the scale. */
  reset(): void;
  /** The current standard deviation. */
  readonly scale: number;
  getState(): NoiseState;
  setState(state: NoiseState): void;
}

/** Everything needed to continue a noise sequence exactly; saved in checkpoints. */
export interface NoiseState {
  kind: NoiseKind;
  scale: number;
  random: RandomState;
  /** OU's running value; empty for Gaussian noise. */
  value: number[];
}

export type NoiseKind = 'gaussian' | 'ornstein-uhlenbeck';

export interface NoiseOptions {
  /**
   * Gaussian noise is independent from step to step; Ornstein-Uhlenbeck noise is correlated
   * in time (the original DDPG choice, for physical control). Tuning steps are independent
   * trials, so Gaussian is the default.
   * @defaultValue 'gaussian'
   */
  kind?: NoiseKind;
  /**
   * Initial standard deviation, in action units (the action box is [-1, 1]).
   * @defaultValue 0.2
   */
  sigma?: number;
  /**
   * Multiplier applied to the scale every environment step (0.98: 45% of sigma is left
   * after 40 steps).
   * @defaultValue 0.98
   */
  decay?: number;
  /**
   * Floor of the scale: the agent never stops exploring entirely.
   * @defaultValue 0.05
   */
  minSigma?: number;
  /**
   * OU mean-reversion rate per step (only for 'ornstein-uhlenbeck').
   * @defaultValue 0.15
   */
  theta?: number;
}

export type ResolvedNoiseOptions = Required<NoiseOptions>;
