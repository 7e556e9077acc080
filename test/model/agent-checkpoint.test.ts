import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { AgentOptionError } from '../../model/agent-option-error';
import { selectBackend } from '../../model/backend';
import { createAgent } from '../../model/create-agent';
import { MemoryReplayBuffer } from '../../model/replay/memory-replay-buffer';
import { SyntheticEnvironment } from '../../model/synthetic-environment';
import { TuningAgent } from '../../model/tuning-agent';

const small = { hiddenLayers: [16, 16], batchSize: 16, warmupSteps: 3, updatesPerStep: 2 };

async function drive(agent: TuningAgent, env: SyntheticEnvironment, steps: number): Promise<Float32Array> {
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

function progress(agent: TuningAgent): { steps: number; updates: number } {
  const { steps, updates } = agent.describe();
  return { steps, updates };
}

/** A few states the saved agent has not seen. */
function probes(env: SyntheticEnvironment): Float32Array[] {
  return [0, 1, 2].map((i) => env.step(new Float32Array(env.actionDim).fill(0.3 * i - 0.3)).state);
}

describe('agent checkpoints', () => {
  beforeAll(async () => {
    await selectBackend();
  });

  it.each(['ddpg', 'ddpg++'] as const)('%s: a loaded agent acts exactly like the saved one, with and without exploration', async (kind) => {
    const env = new SyntheticEnvironment({ seed: 6 });
    const saved = await createAgent(kind, { stateDim: env.stateDim, actionDim: env.actionDim, ...small, noise: { kind: 'ornstein-uhlenbeck' }, seed: 3 });
    await drive(saved, env, 12);
    const bytes = await saved.save();
    expect(bytes).toBeInstanceOf(Uint8Array);

    // Another seed: everything that matters must come from the checkpoint.
    const loaded = await createAgent(kind, { stateDim: env.stateDim, actionDim: env.actionDim, ...small, noise: { kind: 'ornstein-uhlenbeck' }, seed: 99 });
    await loaded.load(bytes);
    expect(progress(loaded)).toEqual(progress(saved));
    for (const state of probes(env)) {
      expect(await loaded.act(state, { explore: false })).toEqual(await saved.act(state, { explore: false }));
    }
    // The noise process and its generator continue from the same point.
    for (const state of probes(env)) expect(await loaded.act(state)).toEqual(await saved.act(state));
    await saved.dispose();
    await loaded.dispose();
  });

  it('restores the warm-up plan mid-way, so exploring actions continue the same Latin hypercube', async () => {
    const env = new SyntheticEnvironment({ seed: 6 });
    const options = { stateDim: env.stateDim, actionDim: env.actionDim, ...small, warmupSteps: 5 };
    const saved = await createAgent('ddpg', { ...options, seed: 1 });
    const state = await drive(saved, env, 2);
    const loaded = await createAgent('ddpg', { ...options, seed: 2 });
    await loaded.load(await saved.save());
    expect(await loaded.act(state)).toEqual(await saved.act(state));
    await saved.dispose();
    await loaded.dispose();
  });

  it('restores the optimizer moments: training on from a checkpoint follows the same path', async () => {
    const env = new SyntheticEnvironment({ seed: 8 });
    // One buffer for both (the replay is not part of a checkpoint: it lives in Redis or is
    // rebuilt from the store), so both sample the same rows from the restored generator.
    const replay = new MemoryReplayBuffer({ stateDim: env.stateDim, actionDim: env.actionDim, capacity: 100 });
    const options = { stateDim: env.stateDim, actionDim: env.actionDim, ...small, replay };
    const saved = await createAgent('ddpg++', { ...options, seed: 4 });
    const state = await drive(saved, env, 8);
    const loaded = await createAgent('ddpg++', { ...options, seed: 5 });
    await loaded.load(await saved.save());
    await saved.train(5);
    await loaded.train(5);
    const expected = await saved.act(state, { explore: false });
    const actual = await loaded.act(state, { explore: false });
    // Adam's bias corrections are recomputed as beta^t on load instead of multiplied up step
    // by step, so the paths agree to float precision rather than bit for bit.
    actual.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 5));
    await saved.dispose();
    await loaded.dispose();
  });

  it('refuses a checkpoint of another kind or shape', async () => {
    const ddpg = await createAgent('ddpg', { stateDim: 4, actionDim: 2, ...small });
    const bytes = await ddpg.save();
    const plus = await createAgent('ddpg++', { stateDim: 4, actionDim: 2, ...small });
    const wider = await createAgent('ddpg', { stateDim: 4, actionDim: 3, ...small });
    const random = await createAgent('random', { stateDim: 4, actionDim: 2 });
    await expect(plus.load(bytes)).rejects.toThrow(AgentOptionError);
    await expect(wider.load(bytes)).rejects.toThrow(/^checkpoint: /);
    await expect(random.load(bytes)).rejects.toThrow(/^checkpoint: /);
    await expect(ddpg.load(Uint8Array.from([1, 2, 3]))).rejects.toThrow(/not a pg-autotune checkpoint/);
    for (const agent of [ddpg, plus, wider, random]) await agent.dispose();
  });

  it('leaks no tensor through save and load', async () => {
    const env = new SyntheticEnvironment({ seed: 2 });
    const agent = await createAgent('ddpg', { stateDim: env.stateDim, actionDim: env.actionDim, ...small });
    await drive(agent, env, 6);
    const before = tf.memory().numTensors;
    const bytes = await agent.save();
    await agent.load(bytes);
    await agent.load(bytes);
    expect(tf.memory().numTensors).toBe(before);
    await agent.dispose();
  });

  it('round-trips random search, including its generator and best action', async () => {
    const env = new SyntheticEnvironment({ seed: 1 });
    const saved = await createAgent('random', { stateDim: env.stateDim, actionDim: env.actionDim, seed: 4 });
    const state = await drive(saved, env, 7);
    const loaded = await createAgent('random', { stateDim: env.stateDim, actionDim: env.actionDim, seed: 5 });
    await loaded.load(await saved.save());
    expect(await loaded.act(state, { explore: false })).toEqual(await saved.act(state, { explore: false }));
    expect(await loaded.act(state)).toEqual(await saved.act(state));
    expect(progress(loaded)).toEqual(progress(saved));
  });
});
