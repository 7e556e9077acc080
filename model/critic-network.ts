import * as tf from '@tensorflow/tfjs';
import { NetworkConfig, seededKernel } from './network-config';

/**
 * The critic: (normalized state, action) -> value, one linear output. State and action are
 * concatenated at the input (as CleanRL does): with a handful of knobs there is nothing to
 * gain from a separate state tower, and the action's interactions are learned from layer one.
 */
export function buildCritic(config: NetworkConfig): tf.LayersModel {
  const state = tf.input({ shape: [config.stateDim] });
  const action = tf.input({ shape: [config.actionDim] });
  let hidden = tf.layers.concatenate().apply([state, action]) as tf.SymbolicTensor;
  config.hiddenLayers.forEach((units, i) => {
    hidden = tf.layers
      .dense({ units, activation: config.activation, kernelInitializer: seededKernel(config.seed, i) })
      .apply(hidden) as tf.SymbolicTensor;
  });
  const value = tf.layers
    .dense({ units: 1, kernelInitializer: seededKernel(config.seed, config.hiddenLayers.length) })
    .apply(hidden) as tf.SymbolicTensor;
  return tf.model({ inputs: [state, action], outputs: value });
}
