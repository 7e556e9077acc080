import { Pool } from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { noInstanceSettings } from '../../lib/session/instance-settings';
import { migrate } from '../../lib/store/migrate';
import { instanceSettings } from '../../lib/store/migrations/0005-instance-settings';
import { ALL_MIGRATIONS } from '../../lib/store/migrations/all-migrations';
import { StoreClient } from '../../lib/store/store-client';
import { storeTables } from '../../lib/store/store-tables';
import { dropTestSchemas, openTestStore, testServerTarget, uniqueSchemaName } from '../helpers/test-store';

// The shared store server (trust auth); a schema of its own, dropped at the end.
const schema = uniqueSchemaName('instance_settings_migration');
const target = testServerTarget();

describe('store migration 5 (instance settings) on a store written before it', () => {
  afterAll(async () => {
    await dropTestSchemas(schema);
  });

  it('keeps every instance, with no workload, knobs, limits or labels, and a later migration already applied does not stop it', async () => {
    const pool = new Pool(target.clientConfig());
    const t = storeTables(schema);
    try {
      const db = new StoreClient(pool, t, target.describe());
      // As a store of main before this branch: every migration but 5 (6 included).
      expect(await migrate(db, ALL_MIGRATIONS.filter((m) => m.version !== instanceSettings.version))).not.toContain(5);
      await pool.query(`INSERT INTO ${t.instances} (name, collector_address) VALUES ('old-db', '127.0.0.1:7002')`);
      expect(await migrate(db)).toEqual([5]);
    } finally {
      await pool.end();
    }
    const store = await openTestStore(schema, target);
    try {
      const old = await store.instances.get('old-db');
      expect(old.settings).toEqual(noInstanceSettings());
      // A collector registering it again keeps it so.
      expect((await store.instances.upsert({ name: 'old-db', collectorAddress: '127.0.0.1:7002' })).settings).toEqual(noInstanceSettings());
    } finally {
      await store.close();
    }
  });
});
