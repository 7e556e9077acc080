import { describe, expect, it } from 'vitest';
import { MemoryReplayBuffer } from '../../model/replay/memory-replay-buffer';
import { describeReplayBufferConformance } from './replay-buffer.conformance';

describeReplayBufferConformance('MemoryReplayBuffer', async (options) => new MemoryReplayBuffer(options));

describe('MemoryReplayBuffer options', () => {
  it('defaults to 100,000 uniform transitions', () => {
    const buffer = new MemoryReplayBuffer({ stateDim: 2, actionDim: 1 });
    expect(buffer.capacity).toBe(100_000);
    expect(buffer.prioritized).toBe(false);
  });

  it('rejects dimensions and capacities that are not positive integers, naming them', () => {
    expect(() => new MemoryReplayBuffer({ stateDim: 0, actionDim: 1 })).toThrow(/^stateDim: must be a positive integer, got 0$/);
    expect(() => new MemoryReplayBuffer({ stateDim: 2, actionDim: 1.5 })).toThrow(/^actionDim: must be a positive integer/);
    expect(() => new MemoryReplayBuffer({ stateDim: 2, actionDim: 1, capacity: -1 })).toThrow(/^capacity:/);
  });
});
