import { Client } from 'pg';
import { UnavailableError, errorMessage } from '../../lib/core/errors';
import { isConnectionError } from '../../lib/postgres/connection-error';
import type { PgTarget } from '../../lib/postgres/pg-target';

/**
 * Runs `fn` on a fresh connection and closes it. The collector restarts its server, so it
 * keeps no pool whose connections a restart would silently kill; one connection per
 * operation costs a few milliseconds against benchmarks of seconds.
 */
export async function withConnection<T>(
  target: PgTarget,
  fn: (client: Client) => Promise<T>,
  options: { connectTimeoutMs?: number; queryTimeoutMs?: number } = {},
): Promise<T> {
  const client = new Client(
    target.clientConfig({ connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000, query_timeout: options.queryTimeoutMs }),
  );
  // An idle client whose server goes away emits 'error'; without a listener that would crash the process.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (err) {
    throw new UnavailableError(`PostgreSQL at ${target.describe()} does not answer: ${errorMessage(err)}`, { cause: err });
  }
  try {
    return await fn(client);
  } catch (err) {
    // The server went away in the middle (killed, restarted by someone else): say so, as a
    // refused connection does, instead of an unexplained internal error.
    if (isConnectionError(err)) throw new UnavailableError(`PostgreSQL at ${target.describe()} went away: ${errorMessage(err)}`, { cause: err });
    throw err;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** True when the server accepts a connection and answers a trivial query within the timeout. */
export async function isHealthy(target: PgTarget, timeoutMs = 5_000): Promise<boolean> {
  try {
    await withConnection(target, (c) => c.query('SELECT 1'), { connectTimeoutMs: timeoutMs, queryTimeoutMs: timeoutMs });
    return true;
  } catch {
    return false;
  }
}

/** Polls until the server is healthy or the deadline passes. */
export async function waitHealthy(target: PgTarget, timeoutS: number): Promise<boolean> {
  const deadline = Date.now() + timeoutS * 1000;
  while (Date.now() < deadline) {
    if (await isHealthy(target, Math.min(5_000, Math.max(500, deadline - Date.now())))) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}
