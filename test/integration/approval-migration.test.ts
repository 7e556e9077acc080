import { afterAll, describe, expect, it } from 'vitest';
import { approvalAndAudit } from '../../lib/store/migrations/0006-approval-and-audit';
import { ALL_MIGRATIONS } from '../../lib/store/migrations/all-migrations';
import { migrateOldStore } from '../helpers/old-store';
import { dropTestSchemas, openTestStore, uniqueSchemaName } from '../helpers/test-store';

// The shared store server (trust auth); a schema of its own, dropped at the end.
const schema = uniqueSchemaName('approval_migration');

describe('store migration 6 (approval state and the audit) on a store written before it', () => {
  afterAll(async () => {
    await dropTestSchemas(schema);
  });

  it("keeps every recommendation, as 'none' (nobody was asked), and starts an empty audit that refuses unknown actions", async () => {
    const applied = await migrateOldStore(schema, {
      before: ALL_MIGRATIONS.filter((m) => m.version < approvalAndAudit.version),
      write: async (pool, t) => {
        const [instance] = (await pool.query<{ id: string }>(`INSERT INTO ${t.instances} (name, collector_address) VALUES ('old-db', '127.0.0.1:7002') RETURNING id`)).rows;
        const [session] = (await pool.query<{ id: string }>(`INSERT INTO ${t.sessions} (instance_id, status) VALUES ($1, 'finished') RETURNING id`, [instance!.id])).rows;
        await pool.query(`INSERT INTO ${t.recommendations} (session_id, knobs, report) VALUES ($1, '[]', '{"significant": true}')`, [session!.id]);
      },
      after: ALL_MIGRATIONS.filter((m) => m.version <= approvalAndAudit.version),
    });
    expect(applied.before).not.toContain(6);
    expect(applied.after).toEqual([6]);
    const store = await openTestStore(schema);
    try {
      const [session] = await store.sessions.list('old-db');
      expect(await store.recommendations.get(session!.id)).toMatchObject({ approvalState: 'none', decidedBy: null, decidedAt: null });
      expect(await store.audit.list(session!.instanceId)).toEqual([]);
      await expect(
        store.audit.record({ instanceId: session!.instanceId, action: 'delete' as 'rollback', actor: 'x', appliedKnobs: [], replacedKnobs: [], outcome: 'applied' }),
      ).rejects.toMatchObject({ code: '23514' });
    } finally {
      await store.close();
    }
  });
});
