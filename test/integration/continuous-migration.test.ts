import { afterAll, describe, expect, it } from 'vitest';
import { continuousSessions } from '../../lib/store/migrations/0009-continuous-sessions';
import { ALL_MIGRATIONS } from '../../lib/store/migrations/all-migrations';
import { migrateOldStore } from '../helpers/old-store';
import { dropTestSchemas, openTestStore, uniqueSchemaName } from '../helpers/test-store';

// The shared store server (trust auth); a schema of its own, dropped at the end.
const schema = uniqueSchemaName('continuous_migration');

describe('store migration 9 (continuous sessions) on a store written before it', () => {
  afterAll(async () => {
    await dropTestSchemas(schema);
  });

  it('makes every row round 1, keeps one recommendation per round, and lets a watching session hold its instance', async () => {
    const applied = await migrateOldStore(schema, {
      before: ALL_MIGRATIONS.filter((m) => m.version < continuousSessions.version),
      write: async (pool, t) => {
        const [instance] = (await pool.query<{ id: string }>(`INSERT INTO ${t.instances} (name, collector_address) VALUES ('old-db', '127.0.0.1:7002') RETURNING id`)).rows;
        const [session] = (await pool.query<{ id: string }>(`INSERT INTO ${t.sessions} (instance_id, status) VALUES ($1, 'finished') RETURNING id`, [instance!.id])).rows;
        await pool.query(`INSERT INTO ${t.iterations} (session_id, kind, n, tps) VALUES ($1, 'baseline', 1, 100)`, [session!.id]);
        await pool.query(`INSERT INTO ${t.recommendations} (session_id, knobs, report) VALUES ($1, '[]', '{"significant": false}')`, [session!.id]);
      },
      after: ALL_MIGRATIONS.filter((m) => m.version <= continuousSessions.version),
    });
    expect(applied.before).not.toContain(9);
    expect(applied.after).toEqual([9]);
    const store = await openTestStore(schema);
    try {
      const [old] = await store.sessions.list('old-db');
      expect(old!.round).toBe(1);
      expect((await store.iterations.list(old!.id))[0]!.round).toBe(1);
      expect(await store.recommendations.get(old!.id)).toMatchObject({ round: 1 });
      // A second round's recommendation is kept beside the first; reads take the latest.
      await store.recommendations.save({ sessionId: old!.id, round: 2, knobs: [{ name: 'work_mem', value: '8192' }], report: { significant: true } });
      expect((await store.recommendations.list(old!.id)).map((r) => r.round)).toEqual([1, 2]);
      expect((await store.recommendations.get(old!.id)).knobs).toEqual([{ name: 'work_mem', value: '8192' }]);
      await expect(store.recommendations.save({ sessionId: old!.id, round: 0, knobs: [], report: {} })).rejects.toMatchObject({ field: 'round' });

      const watching = await store.sessions.create('old-db', {});
      await store.sessions.setStatus(watching.id, 'watching');
      await store.iterations.insert({ sessionId: watching.id, kind: 'watch', n: 1, round: 1, knobs: [], tps: 90 });
      await expect(store.sessions.create('old-db', {})).rejects.toThrow(new RegExp(`active session ${watching.id} \\(watching\\)`));
      // A watching session whose trainer stopped heartbeating is taken over, still watching.
      const taken = await store.sessions.claimNext('another-trainer', { sessionId: watching.id, staleAfterMs: 0 });
      expect(taken).toMatchObject({ status: 'watching', claimedBy: 'another-trainer' });
    } finally {
      await store.close();
    }
  });
});
