/**
 * The base of model/'s "bad argument" errors: `field` names the culprit and the message
 * starts with it. `code` matches lib/core/errors.ts, and the services' gRPC mapping
 * reads `code`, so these surface as INVALID_ARGUMENT like the services' own errors; model/
 * is a library and does not import from services/.
 */
export class ModelArgumentError extends Error {
  readonly code = 'INVALID_ARGUMENT' as const;

  constructor(
    readonly field: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${field}: ${message}`, options);
    this.name = new.target.name;
  }
}
