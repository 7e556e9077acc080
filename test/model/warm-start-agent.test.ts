import { describe, expect, it } from 'vitest';
import { createAgent } from '../../model/create-agent';
import { FixedActionAgent } from '../../model/fixed-action-agent';
import { RandomSearchAgent } from '../../model/random-search-agent';
import { WarmStartAgent } from '../../model/warm-start-agent';

const STATE = Float32Array.from([1, 2, 3]);
const RULES = [0.25, -0.5];

function transition(action: Float32Array, reward: number) {
  return { state: STATE, action, reward, nextState: STATE, done: false };
}

describe('FixedActionAgent: the rules agent', () => {
  it('proposes its one action, explored or not, and learns nothing', async () => {
    const agent = await createAgent('rules', { stateDim: 3, actionDim: 2, fixedAction: RULES });
    expect(agent).toBeInstanceOf(FixedActionAgent);
    expect(agent.kind).toBe('rules');
    expect(Array.from(await agent.act(STATE))).toEqual(RULES);
    await agent.observe(transition(await agent.act(STATE), 1));
    expect(Array.from(await agent.act(STATE, { explore: false }))).toEqual(RULES);
    expect((await agent.train()).updates).toBe(0);
    const restored = new FixedActionAgent({ stateDim: 3, action: RULES });
    await restored.load(await agent.save());
    expect(restored.describe()).toEqual(agent.describe());
  });

  it('names what is wrong', async () => {
    await expect(createAgent('rules', { stateDim: 3, actionDim: 2 })).rejects.toThrow(/^fixedAction: the rules agent needs its one action/);
    await expect(createAgent('rules', { stateDim: 3, actionDim: 3, fixedAction: RULES })).rejects.toThrow(/^fixedAction: has 2 values, actionDim is 3/);
    await expect(createAgent('random', { stateDim: 3, actionDim: 2, fixedAction: RULES })).rejects.toThrow(/^fixedAction: is only for the rules agent/);
    expect(() => new FixedActionAgent({ stateDim: 3, action: [0, 1.5] })).toThrow(/^action\[1\]: must be a finite number in \[-1, 1\]/);
    expect(() => new FixedActionAgent({ stateDim: 3, action: [NaN] })).toThrow(/^action\[0\]/);
    const other = new FixedActionAgent({ stateDim: 4, action: RULES });
    await expect(other.load(await new FixedActionAgent({ stateDim: 3, action: RULES }).save())).rejects.toThrow(/^checkpoint: /);
  });
});

describe('WarmStartAgent: the rules configuration as the first step of any agent', () => {
  it('returns the given action on the first exploring act, then the inner agent\'s, which learns from both', async () => {
    const alone = new RandomSearchAgent({ stateDim: 3, actionDim: 2, seed: 7 });
    const agent = new WarmStartAgent(new RandomSearchAgent({ stateDim: 3, actionDim: 2, seed: 7 }), { action: RULES });
    expect(agent.kind).toBe('random');
    // A greedy act is the inner agent's best guess and does not use the warm start up.
    expect(Array.from(await agent.act(STATE, { explore: false }))).toEqual([0, 0]);
    const first = await agent.act(STATE);
    expect(Array.from(first)).toEqual(RULES);
    expect(agent.warmStartUsed).toBe(true);
    // Later acts are the inner agent's own sequence, untouched by the warm start.
    expect(Array.from(await agent.act(STATE))).toEqual(Array.from(await alone.act(STATE)));
    await agent.observe(transition(first, 5));
    expect(agent.describe().steps).toBe(1);
    // Random search remembers the best action it observed: the warm start counts.
    expect(Array.from(await agent.act(STATE, { explore: false }))).toEqual(RULES);
  });

  it('keeps "already used" through save and load, so a resumed session does not repeat it', async () => {
    const agent = new WarmStartAgent(new RandomSearchAgent({ stateDim: 3, actionDim: 2, seed: 7 }), { action: RULES });
    await agent.act(STATE);
    const bytes = await agent.save();
    const resumed = new WarmStartAgent(new RandomSearchAgent({ stateDim: 3, actionDim: 2, seed: 7 }), { action: RULES });
    await resumed.load(bytes);
    expect(resumed.warmStartUsed).toBe(true);
    expect(Array.from(await resumed.act(STATE))).not.toEqual(RULES);
    // Saved before its first act: the resumed one still starts with the warm start.
    const fresh = new WarmStartAgent(new RandomSearchAgent({ stateDim: 3, actionDim: 2, seed: 7 }), { action: RULES });
    const fromFresh = new WarmStartAgent(new RandomSearchAgent({ stateDim: 3, actionDim: 2, seed: 7 }), { action: RULES });
    await fromFresh.load(await fresh.save());
    expect(Array.from(await fromFresh.act(STATE))).toEqual(RULES);
    // A session whose first step is stored but never checkpointed says so itself.
    const marked = new WarmStartAgent(new RandomSearchAgent({ stateDim: 3, actionDim: 2, seed: 7 }), { action: RULES, used: true });
    await marked.load(await fresh.save());
    expect(marked.warmStartUsed).toBe(true);
  });

  it('refuses a warm start of another shape and a checkpoint without one', async () => {
    const inner = new RandomSearchAgent({ stateDim: 3, actionDim: 2 });
    expect(() => new WarmStartAgent(inner, { action: [0] })).toThrow(/^warmStart\.action: has 1 values, the agent acts on 2/);
    expect(() => new WarmStartAgent(inner, { action: [0, 2] })).toThrow(/^warmStart\.action\[1\]/);
    await expect(new WarmStartAgent(inner, { action: RULES }).load(await inner.save())).rejects.toThrow(/^checkpoint: holds an agent without a warm start/);
  });
});
