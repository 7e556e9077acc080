import { SeededRandom } from '../seeded-random';
import { ActionNoise, NoiseState, ResolvedNoiseOptions } from './action-noise';

/** Independent normal noise per step and dimension, with a decaying scale. */
export class GaussianNoise implements ActionNoise {
  private currentScale: number;
  private readonly random: SeededRandom;

  constructor(
    private readonly dim: number,
    private readonly options: ResolvedNoiseOptions,
    seed: number,
  ) {
    this.currentScale = options.sigma;
    this.random = new SeededRandom(seed);
  }

  get scale(): number {
    return this.currentScale;
  }

  sample(): Float32Array {
    const out = new Float32Array(this.dim);
    for (let i = 0; i < this.dim; i++) out[i] = this.currentScale * this.random.normal();
    return out;
  }

  decay(): void {
    this.currentScale = Math.max(this.options.minSigma, this.currentScale * this.options.decay);
  }

  reset(): void {
    // Memoryless: nothing to restart.
  }

  getState(): NoiseState {
    return { kind: 'gaussian', scale: this.currentScale, random: this.random.getState(), value: [] };
  }

  setState(state: NoiseState): void {
    if (state.kind !== 'gaussian') throw new Error(`cannot restore ${state.kind} noise into Gaussian noise`);
    this.currentScale = state.scale;
    this.random.setState(state.random);
  }
}
