import { describe, expect, it } from 'vitest';
import { AgentOptionError } from '../../model/agent-option-error';
import { createAgent } from '../../model/create-agent';
import { DdpgAgent } from '../../model/ddpg-agent';
import { RandomSearchAgent } from '../../model/random-search-agent';
import { AgentKind } from '../../model/tuning-agent';

describe('createAgent', () => {
  it.each<[AgentKind, unknown]>([
    ['ddpg', DdpgAgent],
    ['ddpg++', DdpgAgent],
    ['random', RandomSearchAgent],
  ])('builds a %s agent', async (kind, type) => {
    const agent = await createAgent(kind, { stateDim: 3, actionDim: 2, hiddenLayers: [8] });
    expect(agent).toBeInstanceOf(type);
    expect(agent.kind).toBe(kind);
    expect(agent.describe()).toMatchObject({ kind, stateDim: 3, actionDim: 2, steps: 0, updates: 0 });
    await agent.dispose();
  });

  it('gives the two DDPG variants their own discount', async () => {
    const classic = await createAgent('ddpg', { stateDim: 3, actionDim: 2, hiddenLayers: [8] });
    const plus = await createAgent('ddpg++', { stateDim: 3, actionDim: 2, hiddenLayers: [8] });
    expect(classic.describe().options.gamma).toBeGreaterThan(0);
    expect(plus.describe().options.gamma).toBe(0);
    await classic.dispose();
    await plus.dispose();
  });

  it('names what is wrong', async () => {
    await expect(createAgent('td3' as AgentKind, { stateDim: 3, actionDim: 2 })).rejects.toThrow(/^kind: /);
    await expect(createAgent('ddpg', { stateDim: 3, actionDim: 2, variant: 'ddpg++' } as never)).rejects.toThrow(/^variant: /);
    await expect(createAgent('random', { stateDim: 0, actionDim: 2 })).rejects.toThrow(AgentOptionError);
    await expect(createAgent('ddpg', { stateDim: 3, actionDim: 2, tau: 2 })).rejects.toThrow(/^tau: /);
  });
});
