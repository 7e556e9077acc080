import { Pool } from 'pg';
import { migrate } from '../../lib/store/migrate';
import { ALL_MIGRATIONS } from '../../lib/store/migrations/all-migrations';
import type { Migration } from '../../lib/store/migrations/migration';
import { StoreClient } from '../../lib/store/store-client';
import { storeTables, type StoreTables } from '../../lib/store/store-tables';
import { testServerTarget } from './test-store';

export interface OldStoreSteps {
  /** The migrations of the older version: the store as it left it. */
  before: readonly Migration[];
  /** What that version wrote, in raw SQL on the tables of the time. */
  write: (pool: Pool, tables: StoreTables) => Promise<void>;
  /** @defaultValue ALL_MIGRATIONS (migrate() skips those applied) */
  after?: readonly Migration[];
}

/**
 * For a migration's test: `schema` on the test server migrated by `before` only, filled by
 * `write`, then migrated by `after`, as a newer version opening that store would. Returns what
 * each migrate() applied; the caller opens the store (openTestStore) to look at the result.
 */
export async function migrateOldStore(schema: string, steps: OldStoreSteps): Promise<{ before: number[]; after: number[] }> {
  const target = testServerTarget();
  const pool = new Pool(target.clientConfig());
  const tables = storeTables(schema);
  try {
    const db = new StoreClient(pool, tables, target.describe());
    const before = await migrate(db, steps.before);
    await steps.write(pool, tables);
    const after = await migrate(db, steps.after ?? ALL_MIGRATIONS);
    return { before, after };
  } finally {
    await pool.end();
  }
}
