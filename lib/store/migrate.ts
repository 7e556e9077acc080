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
 * failed migration leaves the schema as it was.
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
    const done = new Set(
      (await client.query<{ version: number }>(`SELECT version FROM ${t.migrations}`)).rows.map((r) => r.version),
    );
    const applied: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(migration.version)) continue;
      await client.query(migration.sql(t));
      await client.query(`INSERT INTO ${t.migrations} (version, name) VALUES ($1, $2)`, [migration.version, migration.name]);
      applied.push(migration.version);
    }
    return applied;
  });
}
