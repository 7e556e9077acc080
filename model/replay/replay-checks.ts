import { ReplayArgumentError } from './replay-argument-error';
import type { Transition } from './replay-buffer';

/**
 * Input checks shared by every ReplayBuffer, so both implementations reject the same things
 * with the same messages. A NaN that reached the buffer would poison every minibatch that
 * draws it, so values are checked here, once, rather than debugged in the critic's loss.
 */
export function assertTransition(transition: Transition, stateDim: number, actionDim: number): void {
  assertVector('state', transition.state, stateDim);
  assertVector('action', transition.action, actionDim);
  assertVector('nextState', transition.nextState, stateDim);
  if (!Number.isFinite(transition.reward)) {
    throw new ReplayArgumentError('reward', `must be a finite number, got ${transition.reward}`);
  }
  if (typeof transition.done !== 'boolean') {
    throw new ReplayArgumentError('done', `must be a boolean, got ${String(transition.done)}`);
  }
}

function assertVector(field: string, vector: ArrayLike<number> | undefined, expectedLength: number): void {
  if (vector === undefined || vector === null || typeof vector.length !== 'number') {
    throw new ReplayArgumentError(field, `expected a Float32Array of length ${expectedLength}, got ${String(vector)}`);
  }
  if (vector.length !== expectedLength) {
    throw new ReplayArgumentError(field, `expected length ${expectedLength}, got ${vector.length}`);
  }
  for (let i = 0; i < vector.length; i++) {
    if (!Number.isFinite(vector[i])) {
      throw new ReplayArgumentError(`${field}[${i}]`, `must be finite, got ${vector[i]}`);
    }
  }
}

/** Priorities are sampling weights: zero would make a transition unreachable, so it is refused. */
export function assertPriority(field: string, priority: number): void {
  if (!Number.isFinite(priority) || priority <= 0) {
    throw new ReplayArgumentError(field, `must be a finite number > 0, got ${priority}`);
  }
}

export function assertBatchSize(batchSize: number): void {
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
    throw new ReplayArgumentError('batchSize', `must be a positive integer, got ${batchSize}`);
  }
}

/** Checks the shape of an updatePriorities() call; the upper bound of an index is the buffer's size. */
export function assertPriorityUpdate(indices: number[], priorities: number[], size: number): void {
  if (indices.length !== priorities.length) {
    throw new ReplayArgumentError(
      'priorities',
      `expected one priority per index (${indices.length}), got ${priorities.length}`,
    );
  }
  indices.forEach((index, i) => {
    if (!Number.isSafeInteger(index) || index < 0 || index >= size) {
      throw new ReplayArgumentError(`indices[${i}]`, `must be an integer in [0, ${size}), got ${index}`);
    }
    assertPriority(`priorities[${i}]`, priorities[i]);
  });
}

/** A uniform draw must lie in [0,1): a generator returning 1 would index past the end. */
export function assertUnitRandom(value: number): number {
  if (!(value >= 0 && value < 1)) {
    throw new ReplayArgumentError('random', `must return numbers in [0,1), returned ${value}`);
  }
  return value;
}
