import { describe, expect, it } from 'vitest';
import { AgentOptionError } from '../../model/agent-option-error';
import { applyDdpgDefaults, DdpgOptions } from '../../model/ddpg-options';
import { MemoryReplayBuffer } from '../../model/replay/memory-replay-buffer';

const shape = { stateDim: 4, actionDim: 3 };

describe('applyDdpgDefaults', () => {
  it('makes classic DDPG the default and gives ddpg++ gamma 0, both with several updates per step', () => {
    const classic = applyDdpgDefaults(shape);
    const plus = applyDdpgDefaults({ ...shape, variant: 'ddpg++' });
    expect(classic.variant).toBe('ddpg');
    expect(classic.gamma).toBeGreaterThan(0);
    expect(plus.gamma).toBe(0);
    expect(plus.updatesPerStep).toBeGreaterThan(1);
    expect(classic.updatesPerStep).toBeGreaterThan(1);
  });

  it('keeps what the caller set, nested noise options included', () => {
    const o = applyDdpgDefaults({ ...shape, variant: 'ddpg++', gamma: 0.5, noise: { kind: 'ornstein-uhlenbeck' } });
    expect(o.gamma).toBe(0.5);
    expect(o.noise.kind).toBe('ornstein-uhlenbeck');
    expect(o.noise.sigma).toBeGreaterThan(0);
  });

  it.each<[string, Partial<DdpgOptions>]>([
    ['stateDim', { stateDim: 0 }],
    ['actionDim', { actionDim: 2.5 }],
    ['variant', { variant: 'td3' as DdpgOptions['variant'] }],
    ['hiddenLayers[1]', { hiddenLayers: [32, -1] }],
    ['activation', { activation: 'sine' as DdpgOptions['activation'] }],
    ['actorLearningRate', { actorLearningRate: 0 }],
    ['criticLearningRate', { criticLearningRate: NaN }],
    ['gamma', { gamma: 1 }],
    ['tau', { tau: 0 }],
    ['policyDelay', { policyDelay: 0 }],
    ['batchSize', { batchSize: 0 }],
    ['updatesPerStep', { updatesPerStep: -1 }],
    ['warmupSteps', { warmupSteps: 1.5 }],
    ['noise.kind', { noise: { kind: 'pink' as 'gaussian' } }],
    ['noise.sigma', { noise: { sigma: -0.1 } }],
    ['noise.decay', { noise: { decay: 1.5 } }],
    ['stateNoise', { stateNoise: -1 }],
    ['normalizerClip', { normalizerClip: 0 }],
    ['replayCapacity', { replayCapacity: 0 }],
    ['seed', { seed: -3 }],
  ])('names %s in its error', (field, bad) => {
    const call = () => applyDdpgDefaults({ ...shape, ...bad });
    expect(call).toThrow(AgentOptionError);
    expect(call).toThrow(new RegExp(`^${field.replace(/[[\]]/g, '\\$&')}: `));
  });

  it('rejects a replay buffer of another shape', () => {
    const replay = new MemoryReplayBuffer({ stateDim: 5, actionDim: 3, capacity: 10 });
    expect(() => applyDdpgDefaults({ ...shape, replay })).toThrow(/^replay: /);
  });
});
