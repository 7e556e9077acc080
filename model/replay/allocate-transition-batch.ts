import type { TransitionBatch } from './replay-buffer';

/** A zero-filled batch of `size` rows that an implementation then fills row by row. */
export function allocateTransitionBatch(size: number, stateDim: number, actionDim: number): TransitionBatch {
  return {
    size,
    states: new Float32Array(size * stateDim),
    actions: new Float32Array(size * actionDim),
    rewards: new Float32Array(size),
    nextStates: new Float32Array(size * stateDim),
    dones: new Float32Array(size),
    indices: new Array<number>(size),
  };
}
