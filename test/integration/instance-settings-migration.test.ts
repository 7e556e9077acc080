import { afterAll, describe, expect, it } from 'vitest';
import { noInstanceSettings } from '../../lib/session/instance-settings';
import { instanceSettings } from '../../lib/store/migrations/0005-instance-settings';
import { ALL_MIGRATIONS } from '../../lib/store/migrations/all-migrations';
import { migrateOldStore } from '../helpers/old-store';
import { dropTestSchemas, openTestStore, uniqueSchemaName } from '../helpers/test-store';

// The shared store server (trust auth); a schema of its own, dropped at the end.
const schema = uniqueSchemaName('instance_settings_migration');

describe('store migration 5 (instance settings) on a store written before it', () => {
  afterAll(async () => {
    await dropTestSchemas(schema);
  });

  it('keeps every instance, with no workload, knobs, limits or labels, and a later migration already applied does not stop it', async () => {
    const applied = await migrateOldStore(schema, {
      // As a store of main before this branch: every migration but 5 (6 included).
      before: ALL_MIGRATIONS.filter((m) => m.version !== instanceSettings.version),
      write: async (pool, t) => {
        await pool.query(`INSERT INTO ${t.instances} (name, collector_address) VALUES ('old-db', '127.0.0.1:7002')`);
      },
    });
    expect(applied.before).not.toContain(5);
    expect(applied.after).toEqual([5]);
    const store = await openTestStore(schema);
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
