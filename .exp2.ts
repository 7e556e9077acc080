import { createAgent } from './model/create-agent';
import { SyntheticEnvironment } from './model/synthetic-environment';
(async () => {
  const kind = (process.argv[2] ?? 'ddpg') as any;
  const extra = JSON.parse(process.argv[3] ?? '{}');
  const seed = Number(process.argv[4] ?? 4);
  const env = new SyntheticEnvironment({ seed });
  const agent = await createAgent(kind, { stateDim: env.stateDim, actionDim: env.actionDim, seed, ...extra });
  let state = env.reset();
  console.log('opt', Array.from(env.optimum).map((v) => v.toFixed(2)).join(' '));
  for (let t = 0; t < 60; t++) {
    const action = await agent.act(state);
    const greedy = await agent.act(state, { explore: false });
    const o = env.step(action);
    await agent.observe({ state, action, reward: o.reward, nextState: o.state, done: false });
    const st = await agent.train();
    if (t % 5 === 4) console.log(t, 'score', o.score.toFixed(2), 'greedy', env.score(greedy).toFixed(2), Array.from(greedy).map((v) => v.toFixed(2)).join(' '), 'closs', st.criticLoss.toFixed(3), 'aloss', st.actorLoss.toFixed(2));
    state = o.state;
  }
})();
