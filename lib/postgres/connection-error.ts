// Errors that mean "the server is not there (any more)", as opposed to a failed statement.
const CONNECTION_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);
// SQLSTATE class 08 (connection exception) and 57P01-03 (shutting down, crashed, starting up).
const CONNECTION_SQLSTATE = /^(08|57P0[1-3])/;
// node-postgres raises these two without a code; their text is the only signal it gives.
const CONNECTION_MESSAGE = /Connection terminated|timeout exceeded when trying to connect/i;

/**
 * Whether a node-postgres error says the connection to the server was lost or never made
 * (a restarted, killed or unreachable server), so callers answer "unavailable" rather than
 * treating it as a bug or a refused statement.
 */
export function isConnectionError(err: unknown): boolean {
  const code = (err as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && (CONNECTION_ERRNO.has(code) || CONNECTION_SQLSTATE.test(code))) return true;
  return err instanceof Error && CONNECTION_MESSAGE.test(err.message);
}
