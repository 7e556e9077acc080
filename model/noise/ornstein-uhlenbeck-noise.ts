import { SeededRandom } from '../seeded-random';
import { ActionNoise, NoiseState, ResolvedNoiseOptions } from './action-noise';

/**
 * Ornstein-Uhlenbeck noise: x += theta * (0 - x) + scale * N(0, 1), per dimension, with
 * dt = 1 step. Successive samples are correlated, so exploration drifts instead of jittering.
 */
export class OrnsteinUhlenbeckNoise implements ActionNoise {
  private currentScale: number;
  private readonly random: SeededRandom;
  private value: Float64Array;

  constructor(
    private readonly dim: number,
    private readonly options: ResolvedNoiseOptions,
    seed: number,
  ) {
    this.currentScale = options.sigma;
    this.random = new SeededRandom(seed);
    this.value = new Float64Array(dim);
  }

  get scale(): number {
    return this.currentScale;
  }

  sample(): Float32Array {
    const { theta } = this.options;
    for (let i = 0; i < this.dim; i++) {
      this.value[i] += -theta * this.value[i] + this.currentScale * this.random.normal();
    }
    return Float32Array.from(this.value);
  }

  decay(): void {
    this.currentScale = Math.max(this.options.minSigma, this.currentScale * this.options.decay);
  }

  reset(): void {
    this.value.fill(0);
  }

  getState(): NoiseState {
    return {
      kind: 'ornstein-uhlenbeck',
      scale: this.currentScale,
      random: this.random.getState(),
      value: Array.from(this.value),
    };
  }

  setState(state: NoiseState): void {
    if (state.kind !== 'ornstein-uhlenbeck') throw new Error(`cannot restore ${state.kind} noise into OU noise`);
    if (state.value.length !== this.dim) throw new Error(`OU state has ${state.value.length} dimensions, expected ${this.dim}`);
    this.currentScale = state.scale;
    this.random.setState(state.random);
    this.value = Float64Array.from(state.value);
  }
}
