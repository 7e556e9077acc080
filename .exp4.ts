import * as tf from '@tensorflow/tfjs';
import { selectBackend } from './model/backend';
import { buildActor } from './model/actor-network';
import { buildCritic } from './model/critic-network';
(async () => {
  await selectBackend();
  for (const activation of ['relu', 'tanh'] as const) {
    const cfg = { stateDim: 1, actionDim: 2, hiddenLayers: [32, 32], activation, seed: 3 };
    const actor = buildActor(cfg);
    const critic = buildCritic({ ...cfg, seed: 4 });
    const s = tf.randomNormal([16, 1]);
    const vars = actor.trainableWeights.map((w) => w.read() as tf.Variable);
    const { grads } = tf.variableGrads(() => (critic.apply([s, actor.apply(s) as tf.Tensor]) as tf.Tensor).mean().neg() as tf.Scalar, vars);
    console.log(activation, Object.entries(grads).map(([k, g]) => `${k}:${g.abs().max().dataSync()[0].toExponential(1)}`).join(' '));
    console.log(actor.trainableWeights.map((w) => w.name + ' ' + w.trainable).join(', '));
  }
})();
