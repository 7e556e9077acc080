import * as tf from '@tensorflow/tfjs';
import { NetworkConfig, seededKernel } from './network-config';

/**
 * The actor: normalized state -> pre-activation z; the action is tanh(z) in [-1, 1]^actionDim
 * (actorAction). The model stops before the tanh so that the update can see z and keep it
 * out of tanh's flat tails: an actor pushed into a corner there gets no gradient and never
 * comes back. The last layer starts with tiny weights (DDPG paper, +-3e-3), so the first
 * policy sits at the centre of the box.
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
      kernelInitializer: tf.initializers.randomUniform({ minval: -3e-3, maxval: 3e-3, seed: config.seed + 1 }),
      ...(config.hiddenLayers.length === 0 ? { inputShape: [config.stateDim] } : {}),
    }),
  );
  return model;
}

/** The actor's pre-activations z and actions tanh(z) for a batch of normalized states. */
export function actorAction(actor: tf.LayersModel, states: tf.Tensor2D): { z: tf.Tensor2D; action: tf.Tensor2D } {
  const z = actor.apply(states) as tf.Tensor2D;
  return { z, action: tf.tanh(z) };
}
