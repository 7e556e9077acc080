/**
 * The error taxonomy of the services. Each class says when it is thrown; grpc/grpc-errors.ts maps
 * `code` onto a gRPC status in one place. Messages are for people: they name the field and
 * what is allowed, and never carry a password.
 */
export type ErrorCode =
  | 'INVALID_ARGUMENT'
  | 'NOT_FOUND'
  | 'FAILED_PRECONDITION'
  | 'UNAVAILABLE'
  | 'DEADLINE_EXCEEDED'
  | 'UNAUTHENTICATED'
  | 'INTERNAL';

export abstract class AutotuneError extends Error {
  abstract readonly code: ErrorCode;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A request field has a value outside what is allowed; `field` names it. */
export class InvalidArgumentError extends AutotuneError {
  readonly code = 'INVALID_ARGUMENT' as const;
  constructor(readonly field: string, message: string, options?: { cause?: unknown }) {
    super(`${field}: ${message}`, options);
  }
}

/** A named thing (knob, instance, session, file) does not exist. */
export class NotFoundError extends AutotuneError {
  readonly code = 'NOT_FOUND' as const;
}

/** The system is not in a state where the request can run (no restart permission, pgbench failed, ...). */
export class FailedPreconditionError extends AutotuneError {
  readonly code = 'FAILED_PRECONDITION' as const;
}

/** A dependency (PostgreSQL, Redis, another service) does not answer. */
export class UnavailableError extends AutotuneError {
  readonly code = 'UNAVAILABLE' as const;
}

/** A call carried no bearer token, or not the one the service was started with. */
export class UnauthenticatedError extends AutotuneError {
  readonly code = 'UNAUTHENTICATED' as const;
}

/** Something did not finish in the time it was given (a restart, a readiness wait). */
export class DeadlineExceededError extends AutotuneError {
  readonly code = 'DEADLINE_EXCEEDED' as const;
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
