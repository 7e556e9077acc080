import { randomBytes } from 'node:crypto';
import { Client, Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FailedPreconditionError, InvalidArgumentError, NotFoundError, UnavailableError } from '../../lib/core/errors';
import { PgTarget } from '../../lib/postgres/pg-target';
import { ensureDatabase } from '../../lib/store/ensure-database';
import { openStore, type MetadataStore } from '../../lib/store/metadata-store';
import { migrate } from '../../lib/store/migrate';
import { ALL_MIGRATIONS } from '../../lib/store/migrations/all-migrations';
import { StoreClient } from '../../lib/store/store-client';
import { storeTables } from '../../lib/store/store-tables';
import { openTestStore, TestSchemas, testServerTarget } from '../helpers/test-store';

// The shared server (trust auth). Every test works in a schema of its own, dropped at the end.
const target = testServerTarget();
const suffix = randomBytes(4).toString('hex');
const schemas = new TestSchemas('store_test');
const stores: MetadataStore[] = [];
let admin: Client;

async function open(schema: string, storeTarget: PgTarget = target): Promise<MetadataStore> {
  const store = await openTestStore(schema, storeTarget);
  stores.push(store);
  return store;
}

async function storeWithInstance(): Promise<{ store: MetadataStore; schema: string; instanceId: string }> {
  const schema = schemas.next();
  const store = await open(schema);
  const instance = await store.instances.upsert({ name: 'db-1', collectorAddress: '127.0.0.1:7002' });
  return { store, schema, instanceId: instance.id };
}

beforeAll(async () => {
  admin = new Client(target.clientConfig());
  await admin.connect();
});

afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()));
  await admin.end();
  await schemas.drop();
});

describe('migrations', () => {
  it('apply once when several processes open the same store together, and again as a no-op', async () => {
    const schema = schemas.next();
    await Promise.all([open(schema), open(schema), open(schema)]);
    await open(schema);
    const { rows } = await admin.query(`SELECT version, name FROM "${schema}".schema_migrations ORDER BY version`);
    expect(rows).toEqual(ALL_MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
  });

  it('apply only the new migrations to an existing schema', async () => {
    const schema = schemas.next();
    await open(schema);
    const pool = new Pool(target.clientConfig());
    try {
      const db = new StoreClient(pool, storeTables(schema), target.describe());
      const extra = { version: 999, name: 'test-extra', sql: () => `CREATE TABLE "${schema}".extra (x int)` };
      expect(await migrate(db, [...ALL_MIGRATIONS, extra])).toEqual([999]);
      expect(await migrate(db, [...ALL_MIGRATIONS, extra])).toEqual([]);
    } finally {
      await pool.end();
    }
  });

  it('refuse a schema whose migration of some version has another name (migrated by another build), changing nothing', async () => {
    const schema = schemas.next();
    const pool = new Pool(target.clientConfig());
    try {
      const db = new StoreClient(pool, storeTables(schema), target.describe());
      const upTo6 = ALL_MIGRATIONS.filter((m) => m.version <= 6);
      await migrate(db, upTo6);
      const other = { version: 7, name: 'other-build-change', sql: () => `CREATE TABLE "${schema}".other_build (x int)` };
      await migrate(db, [...upTo6, other]);
      const err = await migrate(db).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(FailedPreconditionError);
      expect((err as Error).message).toContain(`migration 7 "other-build-change" where this build has "${ALL_MIGRATIONS[6]!.name}"`);
      const { rows } = await admin.query(`SELECT max(version) AS v FROM "${schema}".schema_migrations`);
      expect(rows[0].v).toBe(7);
    } finally {
      await pool.end();
    }
  });

  it('refuse a schema name that is not a plain identifier, before connecting', async () => {
    await expect(openStore({ target, schema: 'x"; DROP TABLE y; --' })).rejects.toThrow(InvalidArgumentError);
  });
});

describe('sessions', () => {
  it('go to different workers when two claim at once (SKIP LOCKED)', async () => {
    const { store, schema } = await storeWithInstance();
    const other = await open(schema);
    // One active session per instance: three sessions need three instances.
    for (let i = 0; i < 3; i++) {
      await store.instances.upsert({ name: `db-${i + 2}`, collectorAddress: '127.0.0.1:7002' });
      await store.sessions.create(`db-${i + 2}`, { iterations: 5 + i });
    }
    const [a, b] = await Promise.all([store.sessions.claimNext('worker-a'), other.sessions.claimNext('worker-b')]);
    expect(a).toBeDefined();
    expect(b).toBeDefined();
    expect(a!.id).not.toBe(b!.id);
    expect([a!.status, b!.status]).toEqual(['running', 'running']);
    expect(a!.claimedBy).toBe('worker-a');
    expect(a!.startedAt).toBeInstanceOf(Date);
    const third = await store.sessions.claimNext('worker-c');
    expect(third).toBeDefined();
    expect(new Set([a!.id, b!.id, third!.id]).size).toBe(3);
    expect(await other.sessions.claimNext('worker-d')).toBeUndefined();
  });

  it('skip a session another transaction holds instead of waiting for it', async () => {
    const { store, schema } = await storeWithInstance();
    await store.instances.upsert({ name: 'db-2', collectorAddress: '127.0.0.1:7012' });
    const first = await store.sessions.create('db-1', {});
    const second = await store.sessions.create('db-2', {});
    const locker = new Client(target.clientConfig());
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query(`SELECT 1 FROM "${schema}".sessions WHERE id = $1 FOR UPDATE`, [first.id]);
      const claimed = await store.sessions.claimNext('worker-a');
      expect(claimed?.id).toBe(second.id);
      await locker.query('ROLLBACK');
      expect((await store.sessions.claimNext('worker-b'))?.id).toBe(first.id);
    } finally {
      await locker.end();
    }
  });

  it('are taken over after a stale heartbeat, and the old worker learns it lost them', async () => {
    const { store } = await storeWithInstance();
    const session = await store.sessions.create('db-1', { iterations: 3 });
    expect((await store.sessions.claimNext('worker-a'))?.id).toBe(session.id);
    expect(await store.sessions.heartbeat(session.id, 'worker-a')).toBe('running');
    expect(await store.sessions.claimNext('worker-b')).toBeUndefined(); // worker-a is alive
    const resumed = await store.sessions.claimNext('worker-b', { staleAfterMs: 0 });
    expect(resumed).toMatchObject({ id: session.id, status: 'running', claimedBy: 'worker-b' });
    expect(resumed!.startedAt).toEqual((await store.sessions.get(session.id)).startedAt);
    await expect(store.sessions.heartbeat(session.id, 'worker-a')).rejects.toThrow(FailedPreconditionError);
    await store.sessions.release(session.id, 'worker-b');
    expect((await store.sessions.claimNext('worker-c', { sessionId: session.id }))?.claimedBy).toBe('worker-c');
  });

  it('claim only the session asked for', async () => {
    const { store } = await storeWithInstance();
    await store.instances.upsert({ name: 'db-2', collectorAddress: '127.0.0.1:7012' });
    await store.sessions.create('db-1', {});
    const wanted = await store.sessions.create('db-2', {});
    expect((await store.sessions.claimNext('worker-a', { sessionId: wanted.id }))?.id).toBe(wanted.id);
    expect(await store.sessions.claimNext('worker-a', { sessionId: 'not-a-uuid' })).toBeUndefined();
  });

  it('keep their options, stamp final statuses and refuse to leave them', async () => {
    const { store, instanceId } = await storeWithInstance();
    const options = { iterations: 7, knobs: ['work_mem', 'jit'], agent: 'ddpg', rewardTpsWeight: 0.6, benchmark: { clients: 4, durationS: 10 } };
    const session = await store.sessions.create(instanceId, options);
    expect(session).toMatchObject({ instanceId, status: 'pending', options, iterationsDone: 0, baselineTps: null, finishedAt: null });
    expect((await store.sessions.list('db-1')).map((s) => s.id)).toEqual([session.id]);
    expect(await store.sessions.list('no-such-instance')).toEqual([]);

    expect((await store.sessions.setStatus(session.id, 'verifying')).finishedAt).toBeNull();
    const cancelled = await store.sessions.setStatus(session.id, 'cancelled', 'stopped by the user');
    expect(cancelled).toMatchObject({ status: 'cancelled', error: 'stopped by the user' });
    expect(cancelled.finishedAt).toBeInstanceOf(Date);
    await expect(store.sessions.setStatus(session.id, 'running')).rejects.toThrow(/already cancelled/);
    await expect(store.sessions.setStatus('3f1c5b52-0000-4000-8000-000000000000', 'failed')).rejects.toThrow(NotFoundError);
    await expect(store.sessions.get('nonsense')).rejects.toThrow(NotFoundError);
    await expect(store.sessions.create('no-such-instance', {})).rejects.toThrow(NotFoundError);
  });
});

describe('one active session per instance', () => {
  it('refuses a second session while one is pending, running or verifying, naming it, and frees the instance when it ends', async () => {
    const { store, instanceId } = await storeWithInstance();
    await store.instances.upsert({ name: 'db-2', collectorAddress: '127.0.0.1:7012' });
    const first = await store.sessions.create('db-1', {});
    for (const status of ['pending', 'running', 'verifying'] as const) {
      if (status !== 'pending') await store.sessions.setStatus(first.id, status);
      const err = await store.sessions.create(instanceId, {}).catch((e: unknown) => e);
      expect(err, status).toBeInstanceOf(FailedPreconditionError);
      expect((err as Error).message).toContain(first.id);
      expect((err as Error).message).toContain(`(${status}`);
    }
    expect((await store.sessions.active('db-1'))?.id).toBe(first.id);
    expect((await store.sessions.create('db-2', {})).status).toBe('pending'); // other instances are not held
    for (const final of ['finished', 'failed', 'cancelled'] as const) {
      const holder = (await store.sessions.active('db-1'))!;
      await store.sessions.setStatus(holder.id, final);
      const next = await store.sessions.create('db-1', {});
      expect(next.status).toBe('pending');
    }
    expect((await store.sessions.list('db-1')).length).toBe(4);
  });

  it('says a stopped session holds the instance until it is resumed or cancelled', async () => {
    const { store } = await storeWithInstance();
    const session = await store.sessions.create('db-1', {});
    await store.sessions.claimNext('worker-a', { sessionId: session.id });
    await store.sessions.release(session.id, 'worker-a');
    await expect(store.sessions.create('db-1', {})).rejects.toThrow(/running, stopped with no trainer holding it/);
    // Resuming it is a claim of the same row, which the rule does not touch.
    expect((await store.sessions.claimNext('worker-b', { sessionId: session.id }))?.id).toBe(session.id);
  });

  it('lets exactly one of many concurrent creates win, from separate pools', async () => {
    const { store, schema } = await storeWithInstance();
    const others = await Promise.all([open(schema), open(schema), open(schema)]);
    const results = await Promise.allSettled([store, ...others, store, ...others].map((s) => s.sessions.create('db-1', { iterations: 3 })));
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(results.length - 1);
    const winner = (won[0] as PromiseFulfilledResult<{ id: string }>).value.id;
    for (const r of lost) {
      expect(r.reason).toBeInstanceOf(FailedPreconditionError);
      expect((r.reason as Error).message).toContain(winner);
    }
    expect((await store.sessions.list('db-1')).map((s) => s.id)).toEqual([winner]);
  });

  it('is brought to a store that already holds several active sessions on one instance by keeping the claimed one', async () => {
    const schema = schemas.next();
    const pool = new Pool(target.clientConfig());
    try {
      const db = new StoreClient(pool, storeTables(schema), target.describe());
      await migrate(db, ALL_MIGRATIONS.filter((m) => m.version === 1));
      const t = db.tables;
      const [instance] = await db.query<{ id: string }>(`INSERT INTO ${t.instances} (name, collector_address) VALUES ('db-1', 'x:1') RETURNING id`);
      const insert = async (status: string, heartbeat: string | null) =>
        (
          await db.query<{ id: string }>(`INSERT INTO ${t.sessions} (instance_id, status, heartbeat_at) VALUES ($1, $2, $3) RETURNING id`, [
            instance!.id,
            status,
            heartbeat,
          ])
        )[0]!.id;
      const pending = await insert('pending', null);
      const stale = await insert('running', '2020-01-01T00:00:00Z');
      const live = await insert('running', new Date().toISOString());
      const done = await insert('finished', null);
      expect(await migrate(db, ALL_MIGRATIONS.filter((m) => m.version <= 2))).toEqual([2]);
      const rows = await db.query<{ id: string; status: string; error: string | null }>(`SELECT id, status, error FROM ${t.sessions}`);
      const statusOf = Object.fromEntries(rows.map((r) => [r.id, r.status]));
      expect(statusOf).toEqual({ [pending]: 'cancelled', [stale]: 'cancelled', [live]: 'running', [done]: 'finished' });
      expect(rows.find((r) => r.id === pending)!.error).toMatch(/migration 2/);
    } finally {
      await pool.end();
    }
  });
});

describe('iterations', () => {
  it('round-trip every field, in the order written, with the session summary derived from them', async () => {
    const { store } = await storeWithInstance();
    const session = await store.sessions.create('db-1', {});
    const knobs = [
      { name: 'work_mem', value: '4096' },
      { name: 'jit', value: 'on' },
    ];
    const state = Float32Array.from([0.1, -2.5, 1e-7, 3.4028234663852886e38]);
    const baseline = await store.iterations.insert({
      sessionId: session.id, kind: 'baseline', n: 0, knobs, state, tps: 1000.5, latencyAvgMs: 4, latencyP95Ms: 9.25, latencyP99Ms: 15,
      metrics: { rates: { 'database.xact_commit': 1000.5 }, progress: [1, 2, 3] },
    });
    expect(baseline).toMatchObject({
      kind: 'baseline', n: 0, knobs, tps: 1000.5, latencyAvgMs: 4, latencyP95Ms: 9.25, latencyP99Ms: 15, reward: null, action: null,
      error: null, restarted: false, rolledBack: false, metrics: { rates: { 'database.xact_commit': 1000.5 }, progress: [1, 2, 3] },
    });
    expect(baseline.state).toEqual(Array.from(state));
    await store.iterations.insert({
      sessionId: session.id, kind: 'step', n: 1, knobs, action: [0.25, -1], state: [1, 2], tps: 1200, reward: 0.528,
      latencyP95Ms: 8, restarted: true,
    });
    await store.iterations.insert({
      sessionId: session.id, kind: 'step', n: 2, knobs, action: [1, 1], tps: 5000, reward: -1, error: 'server did not start', rolledBack: true,
    });

    const all = await store.iterations.list(session.id);
    expect(all.map((i) => `${i.kind}${i.n}`)).toEqual(['baseline0', 'step1', 'step2']);
    expect(all[1]).toMatchObject({ action: [0.25, -1], state: [1, 2], reward: 0.528, restarted: true, latencyAvgMs: null });
    expect(all[2]).toMatchObject({ error: 'server did not start', rolledBack: true });
    expect((await store.iterations.list(session.id, 'step')).map((i) => i.n)).toEqual([1, 2]);
    // best TPS ignores the rolled-back step
    expect(await store.sessions.get(session.id)).toMatchObject({ iterationsDone: 2, baselineTps: 1000.5, bestTps: 1200 });
  });

  it('refuse a duplicate (session, kind, n) and an unknown session', async () => {
    const { store } = await storeWithInstance();
    const session = await store.sessions.create('db-1', {});
    await store.iterations.insert({ sessionId: session.id, kind: 'step', n: 1, knobs: [] });
    await expect(store.iterations.insert({ sessionId: session.id, kind: 'step', n: 1, knobs: [] })).rejects.toThrow(/already stored/);
    await expect(
      store.iterations.insert({ sessionId: '3f1c5b52-0000-4000-8000-000000000000', kind: 'step', n: 1, knobs: [] }),
    ).rejects.toThrow(NotFoundError);
    await expect(store.iterations.insert({ sessionId: session.id, kind: 'step', n: -1, knobs: [] })).rejects.toThrow(InvalidArgumentError);
  });
});

describe('checkpoints', () => {
  it('return the latest step with its bytes exactly as saved', async () => {
    const { store } = await storeWithInstance();
    const session = await store.sessions.create('db-1', {});
    expect(await store.checkpoints.latest(session.id)).toBeUndefined();
    const early = randomBytes(1000);
    const bytes = Buffer.concat([Buffer.from([0, 0, 255, 92, 39, 0]), randomBytes(200_000), Buffer.from([0])]);
    // a view into a larger buffer: only the viewed bytes may be stored
    const padded = Buffer.concat([Buffer.from('xxxx'), bytes, Buffer.from('yyyy')]);
    const view = new Uint8Array(padded.buffer, padded.byteOffset + 4, bytes.length);
    const normalizer = { mean: [0.5, -1], std: [1, 2.25], count: 12 };
    await store.checkpoints.save({ sessionId: session.id, step: 5, weights: early, normalizer: {} });
    await store.checkpoints.save({ sessionId: session.id, step: 10, weights: view, normalizer });
    const latest = await store.checkpoints.latest(session.id);
    expect(latest).toMatchObject({ sessionId: session.id, step: 10, normalizer });
    expect(Buffer.compare(latest!.weights, bytes)).toBe(0);
    // saving the same step again (a crash between save and the next step) replaces it
    await store.checkpoints.save({ sessionId: session.id, step: 10, weights: early, normalizer });
    expect(Buffer.compare((await store.checkpoints.latest(session.id))!.weights, early)).toBe(0);
    await expect(
      store.checkpoints.save({ sessionId: '3f1c5b52-0000-4000-8000-000000000000', step: 1, weights: early, normalizer }),
    ).rejects.toThrow(NotFoundError);
  });
});

describe('recommendations', () => {
  it('round-trip and are replaced when saved again', async () => {
    const { store } = await storeWithInstance();
    const session = await store.sessions.create('db-1', {});
    await expect(store.recommendations.get(session.id)).rejects.toThrow(NotFoundError);
    const knobs = [{ name: 'work_mem', value: '65536' }];
    await store.recommendations.save({ sessionId: session.id, knobs, report: { significant: false } });
    await store.recommendations.save({ sessionId: session.id, knobs, report: { significant: true, tpsRatio: { median: 1.2 } } });
    expect(await store.recommendations.get(session.id)).toMatchObject({ knobs, report: { significant: true, tpsRatio: { median: 1.2 } } });
  });
});

describe('instances', () => {
  it('are registered, found by id or name, updated by name, and removed with their finished sessions, not while one is active', async () => {
    const schema = schemas.next();
    const store = await open(schema);
    const a = await store.instances.upsert({
      name: 'alpha', collectorAddress: '127.0.0.1:7002', target, serverVersion: '15.20', hostMemoryBytes: 25276026880, hostCpus: 2,
    });
    expect(a).toMatchObject({ name: 'alpha', target: target.describe(), hostMemoryBytes: 25276026880, hostCpus: 2 });
    expect(a.lastHeartbeatAt).toBeInstanceOf(Date);
    expect((await store.instances.get(a.id)).name).toBe('alpha');
    expect((await store.instances.get('alpha')).id).toBe(a.id);
    const moved = await store.instances.upsert({ name: 'alpha', collectorAddress: '10.0.0.2:7002' });
    expect(moved).toMatchObject({ id: a.id, collectorAddress: '10.0.0.2:7002', serverVersion: '15.20' });
    await store.instances.upsert({ name: 'beta', collectorAddress: '127.0.0.1:7012' });
    expect((await store.instances.list()).map((i) => i.name)).toEqual(['alpha', 'beta']);
    expect(await store.instances.heartbeat('beta')).toBeInstanceOf(Date);
    await expect(store.instances.get('gamma')).rejects.toThrow(NotFoundError);
    await expect(store.instances.upsert({ name: 'Bad Name', collectorAddress: 'x:1' })).rejects.toThrow(InvalidArgumentError);

    const session = await store.sessions.create('alpha', {});
    // An active session keeps its instance (and the collector serving it) registered.
    await expect(store.instances.remove('alpha')).rejects.toThrow(FailedPreconditionError);
    await store.sessions.setStatus(session.id, 'cancelled');
    await store.instances.remove('alpha');
    expect(await store.sessions.list()).toEqual([]);
    await expect(store.instances.remove('alpha')).rejects.toThrow(NotFoundError);
  });
});

describe('passwords', () => {
  const secret = 'Sup3r-s3cret-pw';

  it('never land in any stored row', async () => {
    const withPassword = PgTarget.fromDsn(`postgres://postgres:${secret}@127.0.0.1:5432/postgres`, {});
    const schema = schemas.next();
    const store = await open(schema, withPassword);
    await store.instances.upsert({ name: 'from-target', collectorAddress: '127.0.0.1:7002', target: withPassword });
    await store.instances.upsert({
      name: 'from-dsn', collectorAddress: '127.0.0.1:7002', target: `host=127.0.0.1 user=postgres password=${secret} dbname=postgres`,
    });
    const session = await store.sessions.create('from-target', { knobs: ['work_mem'] });
    await store.iterations.insert({
      sessionId: session.id, kind: 'baseline', n: 0, knobs: [],
      error: `could not connect to postgres://postgres:${secret}@127.0.0.1:5432/postgres`,
      metrics: { dsn: `postgresql://postgres:${secret}@127.0.0.1/pgbench`, env: `PGPASSWORD=${secret} pgbench` },
    });
    await store.checkpoints.save({ sessionId: session.id, step: 0, weights: Buffer.from('w'), normalizer: { password: secret } });
    await store.recommendations.save({ sessionId: session.id, knobs: [], report: { target: { password: secret } } });
    await store.sessions.setStatus(session.id, 'failed', `pgbench failed: host=127.0.0.1 password='${secret}' user=postgres`);

    const { rows: tables } = await admin.query<{ table_name: string }>(
      'SELECT table_name FROM information_schema.tables WHERE table_schema = $1',
      [schema],
    );
    expect(tables.length).toBeGreaterThanOrEqual(6);
    let stored = '';
    for (const { table_name } of tables) {
      const { rows } = await admin.query(`SELECT t::text AS row FROM "${schema}"."${table_name}" t`);
      stored += rows.map((r) => r.row).join('\n');
    }
    expect(stored).toContain('from-dsn');
    expect(stored).toContain('postgres://postgres@127.0.0.1:5432/postgres');
    expect(stored).not.toContain(secret);
  });

  it('never appear in the error of a store that does not answer', async () => {
    const unreachable = PgTarget.fromDsn(`postgres://postgres:${secret}@127.0.0.1:1/pg_autotune`, {});
    const failure = await openStore({ target: unreachable, schema: schemas.next() }).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(UnavailableError);
    expect((failure as Error).message).toContain('postgres://postgres@127.0.0.1:1/pg_autotune');
    expect((failure as Error).message).not.toContain(secret);
    const failedCreate = await ensureDatabase(unreachable).catch((err: unknown) => err);
    expect(failedCreate).toBeInstanceOf(UnavailableError);
    expect((failedCreate as Error).message).not.toContain(secret);
  });
});

describe('ensureDatabase', () => {
  it('creates a missing database once, even when two processes race', async () => {
    const name = `pg_autotune_test_${suffix}`;
    const dbTarget = target.withDatabase(name);
    try {
      const created = await Promise.all([ensureDatabase(dbTarget), ensureDatabase(dbTarget)]);
      expect(created.filter(Boolean)).toEqual([true]);
      expect((await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount).toBe(1);
      expect(await ensureDatabase(dbTarget)).toBe(false);
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
    }
  });

  it('accepts an existing database of any name but creates only plain identifiers', async () => {
    expect(await ensureDatabase(target)).toBe(false);
    await expect(ensureDatabase(target.withDatabase('Bad"; DROP DATABASE postgres; --'))).rejects.toThrow(/store database: .* is not allowed/);
  });
});
