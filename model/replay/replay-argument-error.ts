/**
 * Thrown when a replay buffer is given something it cannot store or act on: a vector of the
 * wrong length, a non-finite value, a priority that is not positive, an index outside the
 * buffer, options that disagree with what a Redis session already holds. `field` names the
 * culprit (`state`, `action[3]`, `priorities[2]`, `session`, ...).
 *
 * `code` matches services/shared/errors.ts so the services map it onto a gRPC status like
 * their own errors; model/ is a library and does not import from services/.
 */
export class ReplayArgumentError extends Error {
  readonly code = 'INVALID_ARGUMENT' as const;

  constructor(
    readonly field: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${field}: ${message}`, options);
    this.name = 'ReplayArgumentError';
  }
}
