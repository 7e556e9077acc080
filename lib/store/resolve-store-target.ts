import { PgTarget } from '../postgres/pg-target';
import { DEFAULT_STORE_DATABASE } from './ensure-database';

/**
 * Where the metadata store is, resolved in one place for every command (`tune`, `report`,
 * `serve ...`): the DSN given with --store, as libpq reads it (its gaps filled from PG*
 * variables); without one, the local server the PG* variables name (PGHOST, PGPORT, PGUSER,
 * PGPASSWORD), database `pg_autotune`. PGDATABASE is not used for the default: it usually
 * names the database being tuned, and the store keeps a database of its own.
 * @throws InvalidArgumentError naming `field` when the DSN cannot be parsed.
 */
export function resolveStoreTarget(dsn?: string, env: NodeJS.ProcessEnv = process.env, field = '--store'): PgTarget {
  if (dsn !== undefined && dsn.trim() !== '') return PgTarget.fromDsn(dsn, env, field);
  return PgTarget.fromDsn(`dbname=${DEFAULT_STORE_DATABASE}`, env, field);
}
