import type { ErrorCode } from '../lib/core/errors';

/**
 * The process's exit status for each kind of error, so scripts can tell "fix the input" from
 * "try again later" without reading the message. 1 stays the status of bad input (and of any
 * failure without a code), as before; 130 is "stopped with Ctrl-C" (set by the commands).
 */
export const EXIT_CODES: Readonly<Record<ErrorCode, number>> = {
  INVALID_ARGUMENT: 1,
  INTERNAL: 1,
  NOT_FOUND: 3,
  FAILED_PRECONDITION: 4,
  UNAVAILABLE: 5,
  DEADLINE_EXCEEDED: 6,
  UNAUTHENTICATED: 7,
};

/** The exit status of a failure: its code's, 1 for anything else. */
export function exitCodeOf(err: unknown): number {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && Object.hasOwn(EXIT_CODES, code) ? EXIT_CODES[code as ErrorCode] : 1;
}
