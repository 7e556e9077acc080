import { Client } from 'pg';
import { DeadlineExceededError, errorMessage, UnavailableError } from '../core/errors';
import type { PgTarget } from './pg-target';

const RETRY_MS = 200;
// SQLSTATE classes that waiting cannot fix: wrong password or role (28), no such database (3D).
const PERMANENT_SQLSTATE = /^(28|3D)/;

/**
 * Waits until the server at `target` accepts a connection and answers a query: after a
 * restart by a command, or when a server was started by someone else.
 * @throws UnavailableError at once when the server rejects the login (waiting will not help).
 * @throws DeadlineExceededError with the last connection error after `timeoutS`.
 */
export async function waitForConnection(target: PgTarget, timeoutS: number): Promise<void> {
  const deadline = Date.now() + timeoutS * 1000;
  let lastError: unknown;
  while (Date.now() < deadline) {
    const client = new Client(target.clientConfig({ connectionTimeoutMillis: Math.max(1, Math.min(2_000, deadline - Date.now())) }));
    // A failed connect may also emit 'error'; without a listener that would crash the process.
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (typeof code === 'string' && PERMANENT_SQLSTATE.test(code)) {
        throw new UnavailableError(`${target.describe()} rejects the connection: ${errorMessage(err)}`, { cause: err });
      }
      lastError = err;
    } finally {
      await client.end().catch(() => undefined);
    }
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
  }
  throw new DeadlineExceededError(
    `${target.describe()} did not accept connections within ${timeoutS} s${lastError ? `: ${errorMessage(lastError)}` : ''}`,
    { cause: lastError },
  );
}
