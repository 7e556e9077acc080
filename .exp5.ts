import { selectBackend } from './model/backend';
import { DdpgAgent } from './model/ddpg-agent';
import { latinHypercube } from './model/latin-hypercube';
import { SeededRandom } from './model/seeded-random';
(async () => {
  await selectBackend();
  const agent = new DdpgAgent({ stateDim: 1, actionDim: 2, hiddenLayers: [32, 32], variant: 'ddpg++', seed: 1, criticWeightDecay: 0 });
  const random = new SeededRandom(1);
  const distance = (a: Float32Array) => Math.hypot(a[0] - 0.5, a[1] - 0.5);
  for (const action of latinHypercube(64, 2, random)) {
    const state = Float32Array.from([random.normal()]);
    await agent.observe({ state, action, reward: -(distance(action) ** 2), nextState: state, done: false });
  }
  const out: string[] = [];
  for (let i = 0; i < 40; i++) out.push((await agent.train(1)).criticLoss.toFixed(3));
  console.log(out.join(' '));
})();
