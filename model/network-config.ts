import * as tf from '@tensorflow/tfjs';

/** What both networks are built from; resolved from the agent options. */
export interface NetworkConfig {
  stateDim: number;
  actionDim: number;
  hiddenLayers: number[];
  activation: NetworkActivation;
  /** Seeds every initializer: the same seed builds the same weights. */
  seed: number;
}

/** Hidden-layer activations offered by the agent options (a subset of tfjs-layers'). */
export type NetworkActivation = 'relu' | 'elu' | 'tanh' | 'swish';

/** Glorot-uniform kernels seeded per layer, so that adding a layer does not reshuffle the others. */
export function seededKernel(seed: number, layer: number): ReturnType<typeof tf.initializers.glorotUniform> {
  return tf.initializers.glorotUniform({ seed: seed + 7919 * layer });
}
