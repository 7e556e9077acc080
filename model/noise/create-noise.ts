import { ActionNoise, ResolvedNoiseOptions } from './action-noise';
import { GaussianNoise } from './gaussian-noise';
import { OrnsteinUhlenbeckNoise } from './ornstein-uhlenbeck-noise';

/** The noise process named by `options.kind`, seeded. */
export function createNoise(dim: number, options: ResolvedNoiseOptions, seed: number): ActionNoise {
  switch (options.kind) {
    case 'gaussian':
      return new GaussianNoise(dim, options, seed);
    case 'ornstein-uhlenbeck':
      return new OrnsteinUhlenbeckNoise(dim, options, seed);
  }
}
