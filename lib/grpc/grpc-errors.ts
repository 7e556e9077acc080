import { Metadata, status, type ServiceError, type StatusObject } from '@grpc/grpc-js';
import {
  AutotuneError,
  DeadlineExceededError,
  FailedPreconditionError,
  InvalidArgumentError,
  NotFoundError,
  UnauthenticatedError,
  UnavailableError,
  type ErrorCode,
} from '../core/errors';
import { logger } from '../core/logger';

const TO_STATUS: Record<ErrorCode, status> = {
  INVALID_ARGUMENT: status.INVALID_ARGUMENT,
  NOT_FOUND: status.NOT_FOUND,
  FAILED_PRECONDITION: status.FAILED_PRECONDITION,
  UNAVAILABLE: status.UNAVAILABLE,
  DEADLINE_EXCEEDED: status.DEADLINE_EXCEEDED,
  UNAUTHENTICATED: status.UNAUTHENTICATED,
  INTERNAL: status.INTERNAL,
};

/**
 * The one place where errors become gRPC statuses. Known errors keep their message; anything
 * else is a bug: it is logged with its stack here and the caller gets INTERNAL with a short
 * message, never the stack.
 */
export function toGrpcStatus(err: unknown, method: string): Partial<StatusObject> {
  if (err instanceof AutotuneError || hasKnownCode(err)) {
    return { code: TO_STATUS[err.code], details: boundedDetails(err.message), metadata: new Metadata() };
  }
  // The message of an unexpected error may quote a file, a query or a DSN: it stays in the
  // service's log, and the caller learns only where to look.
  logger.error({ method, err }, 'unexpected error');
  return { code: status.INTERNAL, details: `internal error in ${method}; the service's log has the details`, metadata: new Metadata() };
}

// Messages may quote what the caller sent (an id, a value). The details travel in an HTTP/2
// trailer, and one past the peer's header-list limit (16 kB by default) never arrives: the
// caller would see only its own deadline. Well under that limit, and far more than any message needs.
const MAX_DETAILS_CHARS = 2_000;

// A lone UTF-16 surrogate (sent by a caller, or left by a cut) makes grpc-js's encodeURI of
// the details throw inside sendStatus, which ends the whole process.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function boundedDetails(message: string): string {
  const bounded = message.length > MAX_DETAILS_CHARS ? `${message.slice(0, MAX_DETAILS_CHARS)}... (${message.length - MAX_DETAILS_CHARS} more characters)` : message;
  return bounded.replace(LONE_SURROGATE, '\uFFFD');
}

/** model/'s errors carry the same codes without importing this package (it is a library). */
function hasKnownCode(err: unknown): err is Error & { code: ErrorCode } {
  const code = err instanceof Error ? (err as Error & { code?: unknown }).code : undefined;
  return typeof code === 'string' && Object.hasOwn(TO_STATUS, code);
}

/** The reverse, on the client side: a gRPC failure becomes the matching named error. */
export function fromGrpcError(err: ServiceError, what: string): AutotuneError {
  const details = err.details || err.message;
  switch (err.code) {
    case status.INVALID_ARGUMENT: {
      const colon = details.indexOf(': ');
      return colon > 0
        ? new InvalidArgumentError(details.slice(0, colon), details.slice(colon + 2), { cause: err })
        : new InvalidArgumentError(what, details, { cause: err });
    }
    case status.NOT_FOUND:
      return new NotFoundError(details, { cause: err });
    case status.FAILED_PRECONDITION:
      return new FailedPreconditionError(details, { cause: err });
    case status.DEADLINE_EXCEEDED:
      return new DeadlineExceededError(`${what}: ${details}`, { cause: err });
    case status.UNAUTHENTICATED:
      return new UnauthenticatedError(`${what}: ${details}`, { cause: err });
    case status.UNAVAILABLE:
      return new UnavailableError(`${what} is unavailable: ${details}`, { cause: err });
    default:
      return new InternalRemoteError(`${what}: ${details}`, { cause: err });
  }
}

/** A remote service failed in a way that is not the caller's fault (INTERNAL, UNKNOWN, ...). */
export class InternalRemoteError extends AutotuneError {
  readonly code = 'INTERNAL' as const;
}
