import * as tf from '@tensorflow/tfjs';
import { createAgent } from './model/create-agent';
import { SyntheticEnvironment } from './model/synthetic-environment';
import { SeededRandom } from './model/seeded-random';
(async () => {
  const extra = JSON.parse(process.argv[2] ?? '{}');
  for (const seed of (process.env.SEEDS ?? "101,102").split(",").map(Number)) {
    const env = new SyntheticEnvironment({ seed });
    const agent: any = await createAgent('ddpg++', { stateDim: env.stateDim, actionDim: env.actionDim, seed, ...extra });
    let state = env.reset();
    let best = 0;
    const rows: string[] = [];
    for (let t = 0; t < 60; t++) {
      const action = await agent.act(state);
      const o = env.step(action);
      best = Math.max(best, o.score);
      await agent.observe({ state, action, reward: o.reward, nextState: o.state, done: false });
      await agent.train();
      state = o.state;
      if (t % 10 === 9) {
        const greedy = await agent.act(state, { explore: false });
        // critic argmax over random actions at the current state
        const r = new SeededRandom(5);
        const n = 4000;
        const acts = Float32Array.from({ length: n * 6 }, () => r.uniform(-1, 1));
        const s = agent.normalizer.normalize(state);
        const q = tf.tidy(() => (agent.nets.critic.apply([tf.tile(tf.tensor2d(s, [1, 4]), [n, 1]), tf.tensor2d(acts, [n, 6])]) as tf.Tensor).dataSync());
        let arg = 0;
        for (let i = 1; i < n; i++) if (q[i] > q[arg]) arg = i;
        const argmaxScore = env.score(acts.subarray(arg * 6, arg * 6 + 6));
        rows.push(`t${t + 1} best ${best.toFixed(2)} greedy ${env.score(greedy).toFixed(2)} argmax ${argmaxScore.toFixed(2)}`);
      }
    }
    console.log(seed, rows.join(' | '));
    await agent.dispose();
  }
})();
