import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../model/backend';
import { DdpgAgent } from '../../model/ddpg-agent';
import { DdpgOptions } from '../../model/ddpg-options';
import { latinHypercube } from '../../model/latin-hypercube';
import { SeededRandom } from '../../model/seeded-random';
import { SyntheticEnvironment } from '../../model/synthetic-environment';

const small: Omit<DdpgOptions, 'stateDim' | 'actionDim'> = { hiddenLayers: [16, 16], batchSize: 16, warmupSteps: 3, updatesPerStep: 4 };

/** Feeds `steps` transitions from the synthetic environment, training after each. */
async function drive(agent: DdpgAgent, env: SyntheticEnvironment, steps: number): Promise<Float32Array> {
  let state = env.reset();
  for (let i = 0; i < steps; i++) {
    const action = await agent.act(state);
    const outcome = env.step(action);
    await agent.observe({ state, action, reward: outcome.reward, nextState: outcome.state, done: false });
    await agent.train();
    state = outcome.state;
  }
  return state;
}

describe('DdpgAgent', () => {
  beforeAll(async () => {
    await selectBackend();
  });

  it('starts with the Latin-hypercube plan, then acts inside the box', async () => {
    const env = new SyntheticEnvironment({ seed: 1 });
    const agent = new DdpgAgent({ stateDim: env.stateDim, actionDim: env.actionDim, ...small, seed: 5 });
    let state = env.reset();
    const warmup: Float32Array[] = [];
    for (let i = 0; i < 10; i++) {
      const action = await agent.act(state);
      if (i < 3) warmup.push(action);
      for (const v of action) expect(Math.abs(v)).toBeLessThanOrEqual(1);
      const outcome = env.step(action);
      await agent.observe({ state, action, reward: outcome.reward, nextState: outcome.state, done: false });
      state = outcome.state;
    }
    // One point per stratum on every axis: the plan, not three draws from a fresh policy.
    for (let d = 0; d < env.actionDim; d++) {
      expect(warmup.map((a) => Math.floor(((a[d] + 1) / 2) * 3)).sort()).toEqual([0, 1, 2]);
    }
    expect(agent.describe().steps).toBe(10);
    await agent.dispose();
  });

  it('acts deterministically without exploration, and does not train before the warm-up is in the buffer', async () => {
    const agent = new DdpgAgent({ stateDim: 4, actionDim: 2, ...small });
    const state = Float32Array.from([1, 2, 3, 4]);
    const a = await agent.act(state, { explore: false });
    expect(await agent.act(state, { explore: false })).toEqual(a);
    expect((await agent.train()).updates).toBe(0);
    await agent.dispose();
  });

  it('leaks no tensor across training steps once Adam has created its slots', async () => {
    const env = new SyntheticEnvironment({ seed: 2 });
    for (const variant of ['ddpg', 'ddpg++'] as const) {
      const agent = new DdpgAgent({ stateDim: env.stateDim, actionDim: env.actionDim, ...small, variant, prioritized: variant === 'ddpg' });
      const state = await drive(agent, env, 5);
      const before = tf.memory().numTensors;
      await drive(agent, env, 5);
      await agent.train(3);
      await agent.act(state, { explore: false });
      await agent.act(state);
      expect(tf.memory().numTensors).toBe(before);
      await agent.dispose();
    }
  });

  it('frees its networks and optimizer slots on dispose', async () => {
    const before = tf.memory().numTensors;
    const env = new SyntheticEnvironment({ seed: 2 });
    const agent = new DdpgAgent({ stateDim: env.stateDim, actionDim: env.actionDim, ...small });
    await drive(agent, env, 6);
    await agent.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reproduces a run exactly from the seed', async () => {
    const run = async (seed: number) => {
      const env = new SyntheticEnvironment({ seed: 3 });
      const agent = new DdpgAgent({ stateDim: env.stateDim, actionDim: env.actionDim, ...small, seed });
      const state = await drive(agent, env, 12);
      const actions = [await agent.act(state, { explore: false }), await agent.act(state)];
      await agent.dispose();
      return actions.map((a) => Array.from(a));
    };
    const first = await run(9);
    expect(await run(9)).toEqual(first);
    expect(await run(10)).not.toEqual(first);
  });

  it('moves the actor towards actions the critic rates higher', async () => {
    // A one-step problem (ddpg++) where reward = -|a - (0.5, 0.5)|^2 whatever the state:
    // after training, the greedy action must be much closer to the best than the initial
    // policy (about 0) was.
    const agent = new DdpgAgent({ stateDim: 1, actionDim: 2, hiddenLayers: [32, 32], variant: 'ddpg++', actorLearningRate: 1e-3, policyDelay: 1, seed: 1 });
    const random = new SeededRandom(1);
    const distance = (a: Float32Array) => Math.hypot(a[0] - 0.5, a[1] - 0.5);
    const probe = Float32Array.from([0.3]);
    const initial = distance(await agent.act(probe, { explore: false }));
    for (const action of latinHypercube(64, 2, random)) {
      const state = Float32Array.from([random.normal()]);
      await agent.observe({ state, action, reward: -(distance(action) ** 2), nextState: state, done: false });
    }
    await agent.train(600);
    expect(distance(await agent.act(probe, { explore: false }))).toBeLessThan(initial / 5);
    await agent.dispose();
  });
});
