import type { ReplayBuffer } from '../../model/replay/replay-buffer';

/** One stored transition as plain numbers (float32 values, as the buffer holds them). */
export interface StoredTransition {
  state: number[];
  action: number[];
  reward: number;
  nextState: number[];
}

/**
 * Every transition in a buffer that has not wrapped, oldest first: a uniform sample draws
 * slot floor(u * size), so u = (i + 0.5) / size reads slot i.
 */
export async function readReplay(buffer: ReplayBuffer): Promise<StoredTransition[]> {
  const size = await buffer.size();
  if (size === 0) return [];
  let i = 0;
  const batch = await buffer.sample(size, () => (i++ + 0.5) / size);
  const row = (values: Float32Array, dim: number, r: number) => Array.from(values.subarray(r * dim, (r + 1) * dim));
  return Array.from({ length: size }, (_, r) => ({
    state: row(batch.states, buffer.stateDim, r),
    action: row(batch.actions, buffer.actionDim, r),
    reward: batch.rewards[r]!,
    nextState: row(batch.nextStates, buffer.stateDim, r),
  }));
}

/** A transition as the buffer would hold it: vectors and reward rounded to float32. */
export function asStored(t: { state: ArrayLike<number>; action: ArrayLike<number>; reward: number; nextState: ArrayLike<number> }): StoredTransition {
  return {
    state: Array.from(Float32Array.from(t.state)),
    action: Array.from(Float32Array.from(t.action)),
    reward: Math.fround(t.reward),
    nextState: Array.from(Float32Array.from(t.nextState)),
  };
}
