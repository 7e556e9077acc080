/**
 * Thrown by sample() on a buffer that holds no transition yet: there is nothing to draw
 * from, and returning an empty batch would only move the failure into the training step.
 */
export class ReplayBufferEmptyError extends Error {
  readonly code = 'FAILED_PRECONDITION' as const;

  constructor(options?: { cause?: unknown }) {
    super('cannot sample from an empty replay buffer', options);
    this.name = 'ReplayBufferEmptyError';
  }
}
