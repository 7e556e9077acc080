import * as tf from '@tensorflow/tfjs';
import { createAgent } from './model/create-agent';
import { selectBackend } from './model/backend';
import { SyntheticEnvironment } from './model/synthetic-environment';
import { runSyntheticTuning } from './model/run-synthetic-tuning';
(async () => {
  console.log(await selectBackend());
  const kinds = (process.argv[2] ?? 'random,ddpg,ddpg++').split(',') as any[];
  const extra = JSON.parse(process.argv[3] ?? '{}');
  const noise = Number(process.argv[4] ?? 0);
  const seeds = Number(process.argv[5] ?? 5);
  for (const kind of kinds) {
    const t0 = Date.now();
    const bests: number[] = [];
    for (let seed = 1; seed <= seeds; seed++) {
      const env = new SyntheticEnvironment({ seed, noise });
      const agent = await createAgent(kind, { stateDim: env.stateDim, actionDim: env.actionDim, seed, ...extra });
      const r = await runSyntheticTuning(agent, env, 60);
      bests.push(r.bestScore);
      await agent.dispose();
    }
    const mean = bests.reduce((a, b) => a + b) / bests.length;
    console.log(kind, 'mean', mean.toFixed(3), bests.map((b) => b.toFixed(2)).join(' '), `${((Date.now() - t0) / 1000).toFixed(1)}s`, 'tensors', tf.memory().numTensors);
  }
})();
