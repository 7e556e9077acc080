import * as tf from '@tensorflow/tfjs';
import { NetworkConfig, seededKernel } from './network-config';

/**
 * The actor: normalized state -> action in [-1, 1]^actionDim. The output layer is tanh and
 * starts with tiny weights (DDPG paper, +-3e-3), so the first policy sits at the centre of
 * the box instead of saturating in a corner where tanh has no gradient.
 */
export function buildActor(config: NetworkConfig): tf.LayersModel {
  const model = tf.sequential();
  config.hiddenLayers.forEach((units, i) => {
    model.add(
      tf.layers.dense({
        units,
        activation: config.activation,
        kernelInitializer: seededKernel(config.seed, i),
        ...(i === 0 ? { inputShape: [config.stateDim] } : {}),
      }),
    );
  });
  model.add(
    tf.layers.dense({
      units: config.actionDim,
      activation: 'tanh',
      kernelInitializer: tf.initializers.randomUniform({ minval: -3e-3, maxval: 3e-3, seed: config.seed + 1 }),
      ...(config.hiddenLayers.length === 0 ? { inputShape: [config.stateDim] } : {}),
    }),
  );
  return model;
}
