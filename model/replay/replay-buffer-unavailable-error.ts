/**
 * Thrown when the Redis that holds a replay buffer cannot be reached: the connection fails or
 * does not become ready within `connectTimeoutMs` when the buffer opens, or a command fails
 * because the connection dropped later. `url` has its password masked; `cause` is the
 * client's own error (ECONNREFUSED, ETIMEDOUT, ...).
 */
export class ReplayBufferUnavailableError extends Error {
  readonly code = 'UNAVAILABLE' as const;

  constructor(
    readonly url: string,
    options?: { cause?: unknown },
  ) {
    const reason = options?.cause instanceof Error ? `: ${options.cause.message}` : '';
    super(`replay buffer: Redis at ${url} is unavailable${reason}`, options);
    this.name = 'ReplayBufferUnavailableError';
  }
}
