import { selectBackend } from './model/backend';
import { DdpgAgent } from './model/ddpg-agent';
import { latinHypercube } from './model/latin-hypercube';
import { SeededRandom } from './model/seeded-random';
(async () => {
  await selectBackend();
  for (const [clr, act] of [[1e-3, 'relu'], [3e-3, 'relu'], [1e-3, 'tanh'], [3e-3, 'tanh'], [3e-3, 'elu'], [3e-3, 'swish']] as const) {
   for (const n of [16, 64]) {
    const agent = new DdpgAgent({ stateDim: 1, actionDim: 2, hiddenLayers: [32, 32], variant: 'ddpg++', actorLearningRate: 1e-3, criticLearningRate: clr, criticWeightDecay: 0, activation: act, seed: 1 });
    const random = new SeededRandom(1);
    const distance = (a: Float32Array) => Math.hypot(a[0] - 0.5, a[1] - 0.5);
    const probe = Float32Array.from([0.3]);
    for (const action of latinHypercube(n, 2, random)) {
      const state = Float32Array.from([random.normal()]);
      await agent.observe({ state, action, reward: -(distance(action) ** 2), nextState: state, done: false });
    }
    const out: string[] = [];
    for (let i = 0; i < 6; i++) {
      const s = await agent.train(100);
      out.push(`${distance(await agent.act(probe, { explore: false })).toFixed(3)}(${s.criticLoss.toFixed(4)})`);
    }
    console.log(clr, act, n, out.join(' '));
    await agent.dispose();
   }
  }
})();
