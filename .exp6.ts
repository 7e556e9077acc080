import * as tf from '@tensorflow/tfjs';
import { selectBackend } from './model/backend';
import { DdpgAgent } from './model/ddpg-agent';
import { latinHypercube } from './model/latin-hypercube';
import { SeededRandom } from './model/seeded-random';
(async () => {
  await selectBackend();
  const agent = new DdpgAgent({ stateDim: 1, actionDim: 2, hiddenLayers: [32, 32], variant: 'ddpg++', criticLearningRate: 3e-3, criticWeightDecay: 0, activation: 'tanh', seed: 1 });
  const random = new SeededRandom(1);
  const distance = (a: Float32Array) => Math.hypot(a[0] - 0.5, a[1] - 0.5);
  for (const action of latinHypercube(64, 2, random)) {
    const state = Float32Array.from([random.normal()]);
    await agent.observe({ state, action, reward: -(distance(action) ** 2), nextState: state, done: false });
  }
  for (let i = 0; i < 6; i++) {
    await agent.train(100);
    const a = await agent.act(Float32Array.from([0.3]), { explore: false });
    const nets = (agent as any).nets;
    const grid = tf.tidy(() => {
      const acts = tf.tensor2d([[0, 0], [0.5, 0.5], [1, 1], [-1, -1], [0.5, -0.5]]);
      const s = tf.fill([5, 1], 0.3);
      return Array.from((nets.critic.apply([s, acts]) as tf.Tensor).dataSync()).map((v) => v.toFixed(2));
    });
    console.log(Array.from(a).map((v) => v.toFixed(3)), grid.join(' '));
  }
})();
