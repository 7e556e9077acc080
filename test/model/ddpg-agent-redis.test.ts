import { randomUUID } from 'node:crypto';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../model/backend';
import { DdpgAgent } from '../../model/ddpg-agent';
import { MemoryReplayBuffer } from '../../model/replay/memory-replay-buffer';
import { RedisReplayBuffer } from '../../model/replay/redis-replay-buffer';
import { ReplayBuffer } from '../../model/replay/replay-buffer';
import { SyntheticEnvironment } from '../../model/synthetic-environment';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const KEY_PREFIX = `test:ddpg-agent-${randomUUID()}`;

/** Runs a small agent on the buffer; returns its greedy action after `steps` steps. */
async function run(replay: ReplayBuffer, prioritized: boolean): Promise<{ greedy: number[]; updates: number }> {
  const env = new SyntheticEnvironment({ seed: 5 });
  const agent = new DdpgAgent({ stateDim: env.stateDim, actionDim: env.actionDim, hiddenLayers: [16, 16], batchSize: 16, warmupSteps: 3, updatesPerStep: 4, prioritized, replay, seed: 2 });
  let state = env.reset();
  for (let i = 0; i < 8; i++) {
    const action = await agent.act(state);
    const outcome = env.step(action);
    await agent.observe({ state, action, reward: outcome.reward, nextState: outcome.state, done: false });
    await agent.train();
    state = outcome.state;
  }
  const greedy = Array.from(await agent.act(state, { explore: false }));
  const { updates } = agent.describe();
  await agent.dispose();
  return { greedy, updates };
}

describe('DdpgAgent on a RedisReplayBuffer', () => {
  const buffers: RedisReplayBuffer[] = [];
  beforeAll(async () => {
    await selectBackend();
  });
  afterAll(async () => {
    for (const buffer of buffers) {
      await buffer.clear();
      await buffer.close();
    }
  });

  it.each([false, true])('learns exactly as on the in-memory buffer (prioritized: %s), leaking no tensor', async (prioritized) => {
    const redis = await RedisReplayBuffer.open({ url: REDIS_URL, keyPrefix: KEY_PREFIX, session: randomUUID(), stateDim: 4, actionDim: 6, capacity: 100, prioritized });
    buffers.push(redis);
    const memory = new MemoryReplayBuffer({ stateDim: 4, actionDim: 6, capacity: 100, prioritized });
    const before = tf.memory().numTensors;
    const onRedis = await run(redis, prioritized);
    expect(tf.memory().numTensors).toBe(before);
    expect(onRedis.updates).toBeGreaterThan(0);
    // Same transitions, same slots drawn from the same random numbers, same float32 values.
    expect(onRedis).toEqual(await run(memory, prioritized));
    expect(await redis.size()).toBe(8);
  });
});
