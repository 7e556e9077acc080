import { Client } from 'pg';
import { errorMessage, UnavailableError } from '../core/errors';
import type { PgTarget } from '../postgres/pg-target';
import { quoteIdentifier } from './sql-identifier';
import { SQLSTATE, sqlState } from './sql-state';

/** The metadata store's database when the user names none. */
export const DEFAULT_STORE_DATABASE = 'pg_autotune';

// Where to connect to create a database, as createdb does: postgres, else template1.
const MAINTENANCE_DATABASES = ['postgres', 'template1'];

/**
 * Creates the target's database when it does not exist yet; true when it created it. Its
 * name must be a plain lower-case identifier to be created (CREATE DATABASE takes no bind
 * parameters); an existing database of any name is accepted as it is. Two processes racing
 * to create it both succeed.
 * @throws UnavailableError naming the server (never the password) when it does not answer.
 */
export async function ensureDatabase(target: PgTarget): Promise<boolean> {
  const client = await connectMaintenance(target);
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [target.database]);
    if (exists.rowCount) return false;
    try {
      await client.query(`CREATE DATABASE ${quoteIdentifier(target.database, 'store database')}`);
      return true;
    } catch (err) {
      // Another process created it between our check and our CREATE (the pg_database unique index may answer first).
      if (sqlState(err) === SQLSTATE.duplicateDatabase || sqlState(err) === SQLSTATE.uniqueViolation) return false;
      throw err;
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function connectMaintenance(target: PgTarget): Promise<Client> {
  let lastError: unknown;
  for (const database of MAINTENANCE_DATABASES) {
    const client = new Client(target.withDatabase(database).clientConfig({ connectionTimeoutMillis: 10_000 }));
    // A failed connect may also emit 'error'; without a listener that would crash the process.
    client.on('error', () => undefined);
    try {
      await client.connect();
      return client;
    } catch (err) {
      await client.end().catch(() => undefined);
      lastError = err;
      if (sqlState(err) !== SQLSTATE.invalidCatalogName) break;
    }
  }
  throw new UnavailableError(`cannot reach ${target.withDatabase(MAINTENANCE_DATABASES[0]!).describe()} to create the store database: ${errorMessage(lastError)}`, {
    cause: lastError,
  });
}
