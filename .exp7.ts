import { createAgent } from './model/create-agent';
import { SyntheticEnvironment } from './model/synthetic-environment';
(async () => {
  const seed = Number(process.argv[2] ?? 1);
  const env = new SyntheticEnvironment({ seed });
  const agent: any = await createAgent('ddpg++', { stateDim: env.stateDim, actionDim: env.actionDim, seed });
  let state = env.reset();
  const rows: string[] = [];
  for (let t = 0; t < 60; t++) {
    const greedy = await agent.act(state, { explore: false });
    const action = await agent.act(state);
    const o = env.step(action);
    rows.push(`${t}:${env.score(greedy).toFixed(2)}/${o.score.toFixed(2)}[${Array.from(agent.normalizer.normalize(state)).map((v: number) => v.toFixed(1)).join(',')}]`);
    await agent.observe({ state, action, reward: o.reward, nextState: o.state, done: false });
    await agent.train();
    state = o.state;
  }
  console.log(rows.join('\n'));
})();
