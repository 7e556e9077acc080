/**
 * Thrown when an agent or the synthetic environment is built from options that cannot work
 * (a negative learning rate, an unknown noise kind, a replay buffer of another shape) or is
 * handed a checkpoint of another agent. `field` names the culprit (`tau`, `noise.sigma`,
 * `hiddenLayers[1]`, `checkpoint`).
 *
 * `code` matches services/shared/errors.ts so the services map it onto a gRPC status like
 * their own errors; model/ is a library and does not import from services/.
 */
export class AgentOptionError extends Error {
  readonly code = 'INVALID_ARGUMENT' as const;

  constructor(
    readonly field: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${field}: ${message}`, options);
    this.name = 'AgentOptionError';
  }
}
