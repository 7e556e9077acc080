import { ReplayArgumentError } from './replay-argument-error';

/** What every replay buffer is built from. */
export interface ReplayBufferOptions {
  /** Length of `state` and `nextState`. */
  stateDim: number;
  /** Length of `action`. */
  actionDim: number;
  /**
   * Transitions kept; past it the oldest is overwritten.
   * @defaultValue 100_000
   */
  capacity?: number;
  /**
   * Sample proportionally to per-transition priorities (prioritized experience replay)
   * instead of uniformly.
   * @defaultValue false
   */
  prioritized?: boolean;
}

export type ResolvedReplayBufferOptions = Required<ReplayBufferOptions>;

export const DEFAULT_REPLAY_CAPACITY = 100_000;

/** Applies the defaults and rejects dimensions or capacities that cannot work. */
export function resolveReplayBufferOptions(options: ReplayBufferOptions): ResolvedReplayBufferOptions {
  const resolved = {
    stateDim: options.stateDim,
    actionDim: options.actionDim,
    capacity: options.capacity ?? DEFAULT_REPLAY_CAPACITY,
    prioritized: options.prioritized ?? false,
  };
  for (const field of ['stateDim', 'actionDim', 'capacity'] as const) {
    const value = resolved[field];
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new ReplayArgumentError(field, `must be a positive integer, got ${value}`);
    }
  }
  return resolved;
}
