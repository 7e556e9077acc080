import { describe, expect, it } from 'vitest';
import { MemoryReplayBuffer } from '../../model/replay/memory-replay-buffer';
import type { IterationRecord } from '../../lib/store/iteration-repository';
import { ensureReplay, transitionsFromIterations } from '../../services/trainer/replay-rebuild';
import { iterationRecord } from '../helpers/iteration-record';
import { asStored, readReplay } from '../helpers/read-replay';

function baseline(n: number, state: number[]): IterationRecord {
  return iterationRecord({ n, kind: 'baseline', state });
}

function step(n: number, state: number[], reward: number, action = [n / 10]): IterationRecord {
  return iterationRecord({ n, state, action, reward, tps: 100 });
}

/** A session that was resumed once: its second baseline is the reference of the steps after it. */
const session: IterationRecord[] = [
  baseline(1, [1, 1]),
  step(1, [2, 2], 0.5),
  step(2, [3, 3], -1.25),
  iterationRecord({ n: 1, kind: 'drift', state: [9, 9] }),
  baseline(2, [1.5, 1.5]),
  step(3, [4, 4], 0.75),
  iterationRecord({ n: 1, kind: 'verify', state: [8, 8] }),
];

describe('transitionsFromIterations', () => {
  it('chains each step to the state before it: the baseline, the previous step, or the baseline re-measured on resume', () => {
    expect(transitionsFromIterations(session).map(asStored)).toEqual([
      asStored({ state: [1, 1], action: [0.1], reward: 0.5, nextState: [2, 2] }),
      asStored({ state: [2, 2], action: [0.2], reward: -1.25, nextState: [3, 3] }),
      asStored({ state: [1.5, 1.5], action: [0.3], reward: 0.75, nextState: [4, 4] }),
    ]);
    expect(transitionsFromIterations(session).every((t) => t.done === false)).toBe(true);
  });

  it('skips steps without an action, reward or state, and steps before any baseline', () => {
    const rows = [
      step(1, [5, 5], 1),
      baseline(1, [1, 1]),
      iterationRecord({ n: 2, state: [2, 2], reward: 1 }),
      iterationRecord({ n: 3, state: [2, 2], action: [0.3] }),
      iterationRecord({ n: 4, action: [0.4], reward: 1 }),
      step(5, [6, 6], 2),
    ];
    expect(transitionsFromIterations(rows).map(asStored)).toEqual([asStored({ state: [1, 1], action: [0.5], reward: 2, nextState: [6, 6] })]);
  });
});

describe('ensureReplay', () => {
  const expected = transitionsFromIterations(session).map(asStored);

  it('fills an empty buffer (Redis lost it) from the stored steps, in order', async () => {
    const buffer = new MemoryReplayBuffer({ stateDim: 2, actionDim: 1 });
    expect(await ensureReplay(buffer, session)).toBe(3);
    expect(await readReplay(buffer)).toEqual(expected);
  });

  it('refills a buffer holding only some of them without duplicating any', async () => {
    const buffer = new MemoryReplayBuffer({ stateDim: 2, actionDim: 1 });
    await buffer.add(transitionsFromIterations(session)[0]!);
    expect(await ensureReplay(buffer, session)).toBe(3);
    expect(await readReplay(buffer)).toEqual(expected);
  });

  it('leaves a buffer that holds as many transitions as the store alone', async () => {
    const buffer = new MemoryReplayBuffer({ stateDim: 2, actionDim: 1 });
    const own = { state: Float32Array.from([7, 7]), action: Float32Array.from([0.7]), reward: 3, nextState: Float32Array.from([8, 8]), done: false };
    for (let i = 0; i < 3; i++) await buffer.add(own);
    expect(await ensureReplay(buffer, session)).toBe(0);
    expect(await readReplay(buffer)).toEqual([asStored(own), asStored(own), asStored(own)]);
  });
});
