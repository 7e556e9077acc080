import { describe, expect, it } from 'vitest';
import { RandomSearchAgent } from '../../model/random-search-agent';

const state = new Float32Array(3);
const step = (action: Float32Array, reward: number) => ({ state, action, reward, nextState: state, done: false });

describe('RandomSearchAgent', () => {
  it('samples the whole action box uniformly, whatever the state, reproducibly from the seed', async () => {
    const agent = new RandomSearchAgent({ stateDim: 3, actionDim: 2, seed: 4 });
    const actions = await Promise.all(Array.from({ length: 2000 }, () => agent.act(state)));
    const values = actions.flatMap((a) => Array.from(a));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...values)).toBeLessThanOrEqual(1);
    expect(values.filter((v) => v > 0.9).length / values.length).toBeCloseTo(0.05, 1);
    const again = new RandomSearchAgent({ stateDim: 3, actionDim: 2, seed: 4 });
    expect(await again.act(state)).toEqual(actions[0]);
  });

  it('proposes the best action it has seen when not exploring', async () => {
    const agent = new RandomSearchAgent({ stateDim: 3, actionDim: 2 });
    expect(await agent.act(state, { explore: false })).toEqual(new Float32Array(2));
    await agent.observe(step(Float32Array.from([0.1, 0.2]), 0.5));
    await agent.observe(step(Float32Array.from([0.3, -0.4]), 0.9));
    await agent.observe(step(Float32Array.from([-0.5, 0.6]), 0.7));
    expect(await agent.act(state, { explore: false })).toEqual(Float32Array.from([0.3, -0.4]));
    expect((await agent.train()).updates).toBe(0);
    expect(agent.describe().steps).toBe(3);
  });
});
