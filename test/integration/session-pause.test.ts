import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { FailedPreconditionError } from '../../lib/core/errors';
import { logger } from '../../lib/core/logger';
import { findFreePort } from '../../lib/postgres/free-port';
import { RELOAD_ONLY } from '../../lib/postgres/server-control';
import { startCollector } from '../../services/collector/start-collector';
import { startTrainer } from '../../services/trainer/start-trainer';
import { startSandbox } from '../helpers/sandbox-fixture';
import { until } from '../helpers/service-process';
import type { MetadataStore } from '../../lib/store/metadata-store';
import { migrate } from '../../lib/store/migrate';
import { ALL_MIGRATIONS } from '../../lib/store/migrations/all-migrations';
import { StoreClient } from '../../lib/store/store-client';
import { storeTables } from '../../lib/store/store-tables';
import { openTestStore, TestSchemas, testServerTarget } from '../helpers/test-store';

// The shared server (trust auth). Every test works in a schema of its own, dropped at the end.
const target = testServerTarget();
const schemas = new TestSchemas('pause_test');
const stores: MetadataStore[] = [];

async function storeWithRunningSession(): Promise<{ store: MetadataStore; sessionId: string; instanceId: string }> {
  const store = await openTestStore(schemas.next(), target);
  stores.push(store);
  const instance = await store.instances.upsert({ name: 'db-1', collectorAddress: '127.0.0.1:7002' });
  const session = await store.sessions.create(instance.id, { iterations: 3 });
  expect((await store.sessions.claimNext('w1'))?.id).toBe(session.id);
  return { store, sessionId: session.id, instanceId: instance.id };
}

afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()));
  await schemas.drop();
});

/** Store migration 4 and the repository's side of a session paused on an unreachable collector. */
describe('a paused session in the store', () => {
  it('pause releases the claim and keeps a redacted reason; only the holder can pause', async () => {
    const { store, sessionId } = await storeWithRunningSession();
    expect(await store.sessions.pause(sessionId, 'w2', 'not mine')).toBe(false);
    expect(await store.sessions.pause(sessionId, 'w1', 'collector at postgres://u:s3cret@db/x is unavailable')).toBe(true);
    const paused = await store.sessions.get(sessionId);
    expect(paused).toMatchObject({ status: 'paused', claimedBy: null, heartbeatAt: null, error: null });
    expect(paused.pausedReason).toContain('is unavailable');
    expect(paused.pausedReason).not.toContain('s3cret');
    expect(await store.sessions.paused()).toEqual([{ id: sessionId, collectorAddress: '127.0.0.1:7002' }]);
  });

  it('claimNext leaves a paused session to resumePaused unless asked for it by id; one resume wins', async () => {
    const { store, sessionId } = await storeWithRunningSession();
    await store.sessions.pause(sessionId, 'w1', 'collector unreachable');
    expect(await store.sessions.claimNext('w2', { staleAfterMs: 0 })).toBeUndefined();
    const resumes = await Promise.all([store.sessions.resumePaused(sessionId, 'w2'), store.sessions.resumePaused(sessionId, 'w3')]);
    const won = resumes.filter((r) => r !== undefined);
    expect(won).toHaveLength(1);
    expect(won[0]).toMatchObject({ status: 'running', pausedReason: null });
    expect(['w2', 'w3']).toContain(won[0]!.claimedBy);

    await store.sessions.pause(sessionId, won[0]!.claimedBy!, 'collector unreachable again');
    const claimed = await store.sessions.claimNext('w4', { sessionId });
    expect(claimed).toMatchObject({ id: sessionId, status: 'running', claimedBy: 'w4', pausedReason: null });
  });

  it('a paused session holds its instance until it ends, and can be cancelled', async () => {
    const { store, sessionId, instanceId } = await storeWithRunningSession();
    await store.sessions.pause(sessionId, 'w1', 'collector unreachable');
    const refused = await store.sessions.create(instanceId, {}).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(FailedPreconditionError);
    expect((refused as Error).message).toMatch(/already has an active session .* \(paused until its collector answers again\)/);
    const cancelled = await store.sessions.setStatus(sessionId, 'cancelled');
    expect(cancelled).toMatchObject({ status: 'cancelled', pausedReason: null });
    expect(await store.sessions.resumePaused(sessionId, 'w2')).toBeUndefined();
    expect((await store.sessions.create(instanceId, {})).status).toBe('pending');
  });

  it('migration 4 upgrades a store of migration 3 with an active session in it', async () => {
    const schema = schemas.next();
    const pool = new Pool(target.clientConfig());
    const db = new StoreClient(pool, storeTables(schema), target.describe());
    try {
      expect(await migrate(db, ALL_MIGRATIONS.filter((m) => m.version <= 3))).toEqual([1, 2, 3]);
      const t = storeTables(schema);
      const [instance] = await db.query<{ id: string }>(`INSERT INTO ${t.instances} (name, collector_address) VALUES ('old', '127.0.0.1:1') RETURNING id`);
      await db.query(`INSERT INTO ${t.sessions} (instance_id, status) VALUES ($1, 'running')`, [instance!.id]);
      expect(await migrate(db, ALL_MIGRATIONS.filter((m) => m.version <= 4))).toEqual([4]);
      await db.query(`UPDATE ${t.sessions} SET status = 'paused'`);
      // Still the one active session of its instance: a second is refused by the index.
      const second = await db.query(`INSERT INTO ${t.sessions} (instance_id) VALUES ($1)`, [instance!.id]).catch((err: { constraint?: string }) => err);
      expect((second as { constraint?: string }).constraint).toBe('sessions_one_active_per_instance');
      const bad = await db.query(`UPDATE ${t.sessions} SET status = 'sleeping'`).catch((err: { constraint?: string }) => err);
      expect((bad as { constraint?: string }).constraint).toBe('sessions_status_check');
    } finally {
      await pool.end();
    }
  });
});

/**
 * A trainer (`serve trainer`'s loop) waiting for a paused session's collector: it backs off
 * while the collector is down (2 s, then 4 s ...: paused-retry-schedule.ts), says so once, and
 * still resumes the session within one backoff step of the collector answering. The collector
 * is a real one on a sandbox, started late on the instance's registered port; the environment
 * service does not exist, so the resumed session pauses again at once, which is all this needs.
 */
describe('a trainer resuming a paused session', () => {
  it('asks on a backoff, says "does not answer yet" once, and resumes soon after the collector answers', async () => {
    const store = await openTestStore(schemas.next(), target);
    stores.push(store);
    const port = await findFreePort();
    const instance = await store.instances.upsert({ name: 'db-1', collectorAddress: `127.0.0.1:${port}` });
    const session = await store.sessions.create(instance.id, { iterations: 3 });
    await store.sessions.claimNext('w1', { sessionId: session.id });
    const reason = 'collector unreachable (test)';
    expect(await store.sessions.pause(session.id, 'w1', reason)).toBe(true);

    const info = vi.spyOn(logger, 'info');
    const said = (text: string) => info.mock.calls.filter((call) => call.some((arg) => typeof arg === 'string' && arg.includes(text))).length;
    const sandbox = await startSandbox({ scale: 1 });
    const stateDir = mkdtempSync(path.join(os.tmpdir(), 'pgat-pause-state-'));
    const stop = new AbortController();
    const trainer = await startTrainer({ store, environmentAddress: '127.0.0.1:1', workerId: 'w2', signal: stop.signal });
    const serving = trainer.serve();
    let collector: Awaited<ReturnType<typeof startCollector>> | undefined;
    try {
      // Checks at about 2 s and 6 s find nothing on the port; the next is due about 8 s later.
      await new Promise((r) => setTimeout(r, 7_000));
      expect(await store.sessions.get(session.id)).toMatchObject({ status: 'paused', pausedReason: reason });
      expect(said('its collector does not answer yet')).toBe(1);
      collector = await startCollector({ target: sandbox.target, control: RELOAD_ONLY, stateDir, port });
      const back = Date.now();
      await until('the trainer to resume the session', async () => {
        const now = await store.sessions.get(session.id);
        return now.status !== 'paused' || now.pausedReason !== reason;
      }, 30_000, () => '', 50);
      // Within the backoff step in force (8 s), a poll of the loop (2 s) and a margin for a loaded machine.
      expect(Date.now() - back).toBeLessThan(8_000 + 2_000 + 5_000);
      expect(said('collector answers again; resuming the paused session')).toBe(1);
      expect(said('its collector does not answer yet')).toBe(1);
    } finally {
      stop.abort();
      await serving;
      await trainer.stop();
      info.mockRestore();
      await collector?.stop();
      await sandbox.stop();
      rmSync(stateDir, { recursive: true, force: true });
    }
  }, 90_000);
});
