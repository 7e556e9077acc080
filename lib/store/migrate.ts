import { FailedPreconditionError } from '../core/errors';
import { ALL_MIGRATIONS } from './migrations/all-migrations';
import type { Migration } from './migrations/migration';
import type { StoreClient } from './store-client';

// First key of the two-int advisory lock: "pg-autotune migrations"; the second is the schema's hash.
const LOCK_CLASS = 0x70676174;

/**
 * Brings the store's schema up to date and returns the versions it applied (empty when it
 * was current). Everything happens in one transaction under a transaction-level advisory
 * lock per schema, so two processes starting together apply each migration exactly once:
 * the second waits, then finds nothing left to do. DDL is transactional in PostgreSQL, so a
 * failed migration leaves the schema as it was. A version the store applied under another
 * name is refused (FailedPreconditionError), not skipped.
 */
export async function migrate(store: StoreClient, migrations: readonly Migration[] = ALL_MIGRATIONS): Promise<number[]> {
  const t = store.tables;
  return store.transaction(async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_CLASS, t.schema]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${t.schema}`);
    await client.query(`
      CREATE TABLE IF NOT EXISTS ${t.migrations} (
        version    integer PRIMARY KEY,
        name       text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
    const done = new Map(
      (await client.query<{ version: number; name: string }>(`SELECT version, name FROM ${t.migrations}`)).rows.map((r) => [r.version, r.name]),
    );
    const applied: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      const doneAs = done.get(migration.version);
      // A version applied under another name is another change (a build whose migrations were
      // numbered differently): applying ours on top, or skipping it, would leave a schema
      // neither build knows.
      if (doneAs !== undefined && doneAs !== migration.name) {
        throw new FailedPreconditionError(
          `the metadata store's schema ${t.schema} has migration ${migration.version} "${doneAs}" where this build has "${migration.name}": it was migrated by another build; use a store of this build's (a new schema or database)`,
        );
      }
      if (doneAs !== undefined) continue;
      await client.query(migration.sql(t));
      await client.query(`INSERT INTO ${t.migrations} (version, name) VALUES ($1, $2)`, [migration.version, migration.name]);
      applied.push(migration.version);
    }
    return applied;
  });
}
