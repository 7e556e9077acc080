import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runReportCommand } from '../../cli/commands/report';
import type { ReportStore } from '../../cli/report/offline-report';
import { storeLocations, type StoreLocation } from '../../lib/store/store-locations';
import { SAMPLE_SESSION_ID, sampleReportSource } from '../../lib/report/sample-report-source';
import { NotFoundError, UnavailableError } from '../../lib/core/errors';
import { PgTarget } from '../../lib/postgres/pg-target';

const LOCAL = PgTarget.fromDsn('postgres://postgres@127.0.0.1:5432/pg_autotune', {});
const PRIVATE = PgTarget.fromDsn('postgres://postgres@127.0.0.1:55999/pg_autotune', {});

function sampleStore(closed: string[], name: string): ReportStore {
  const source = sampleReportSource();
  return {
    ...source,
    sessions: {
      get: source.sessions.get,
      list: async () => [await source.sessions.get(SAMPLE_SESSION_ID)],
    },
    close: async () => void closed.push(name),
  };
}

const emptyStore = (closed: string[], name: string): ReportStore => ({
  ...sampleStore(closed, name),
  sessions: { get: async (id: string) => Promise.reject(new NotFoundError(`no session with id "${id}"`)), list: async () => [] },
});

function at(target: PgTarget | undefined, where = target?.describe() ?? 'nowhere'): StoreLocation {
  return { kind: 'local', where, target: async () => target, release: async () => undefined };
}

describe('pg-autotune report, finding the store', () => {
  it('looks in the local store, then the private cluster, and reports from the first that has the session', async () => {
    const out: string[] = [];
    const closed: string[] = [];
    await runReportCommand(SAMPLE_SESSION_ID, {}, {
      locations: () => [at(LOCAL), at(PRIVATE)],
      openStore: async (t) => (t.port === 5432 ? emptyStore(closed, 'local') : sampleStore(closed, 'private')),
      stdout: (t) => out.push(t),
      stderr: () => undefined,
    });
    expect(out.join('')).toContain(`pg-autotune report: session ${SAMPLE_SESSION_ID} (finished)`);
    expect(out.join('')).toContain('ALTER SYSTEM SET');
    expect(closed).toEqual(['local', 'private']);
  });

  it('names every place it looked when none has the session', async () => {
    const missingDb = Object.assign(new UnavailableError('metadata store does not answer'), { cause: { code: '3D000' } });
    const attempt = runReportCommand('latest', {}, {
      locations: () => [at(LOCAL), at(undefined, 'the private store cluster in /x')],
      openStore: async () => Promise.reject(missingDb),
      stdout: () => undefined,
    });
    // The private cluster was never made: not a place worth naming.
    await expect(attempt).rejects.toThrow(NotFoundError);
    await expect(attempt).rejects.toThrow(/^no metadata store at postgres:\/\/postgres@127\.0\.0\.1:5432\/pg_autotune: database "pg_autotune" does not exist \(another store: --store DSN/);

    const both = runReportCommand('latest', {}, {
      locations: () => [at(LOCAL), at(PRIVATE)],
      openStore: async (t) => (t.port === 5432 ? Promise.reject(missingDb) : emptyStore([], 'private')),
      stdout: () => undefined,
    });
    await expect(both).rejects.toThrow(NotFoundError);
    await expect(both).rejects.toThrow(
      'no session found (postgres://postgres@127.0.0.1:5432/pg_autotune: no metadata store at postgres://postgres@127.0.0.1:5432/pg_autotune: database "pg_autotune" does not exist; ' +
        'postgres://postgres@127.0.0.1:55999/pg_autotune: the metadata store postgres://postgres@127.0.0.1:55999/pg_autotune holds no session yet)',
    );
  });

  it('passes on an unavailable store when it is the only place', async () => {
    const down = new UnavailableError('metadata store postgres://postgres@127.0.0.1:5432/pg_autotune does not answer: ECONNREFUSED');
    const attempt = runReportCommand(SAMPLE_SESSION_ID, { store: 'x' }, { locations: () => [at(LOCAL)], openStore: async () => Promise.reject(down) });
    await expect(attempt).rejects.toBe(down);
  });
});

describe('storeLocations, the one rule for tune, serve and report', () => {
  it('is only the --store DSN when given', async () => {
    const [only, ...rest] = storeLocations({ dsn: 'postgres://meta@db.example/store', env: {} });
    expect(rest).toEqual([]);
    expect(only).toMatchObject({ kind: 'explicit', where: 'postgres://meta@db.example:5432/store' });
    expect((await only!.target({ create: false }))!.describe()).toBe('postgres://meta@db.example:5432/store');
  });

  it('is the local pg_autotune database, then the private cluster, which report skips when never made', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'report-locations-'));
    try {
      const [local, priv, ...rest] = storeLocations({ env: { PGHOST: '10.1.2.3', PGUSER: 'me', PGDATABASE: 'app' }, privateBaseDir: dir });
      expect(rest).toEqual([]);
      expect(local).toMatchObject({ kind: 'local', where: 'postgres://me@10.1.2.3:5432/pg_autotune' });
      expect(priv).toMatchObject({ kind: 'private', where: `the private store cluster in ${dir}` });
      expect(await priv!.target({ create: false })).toBeUndefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('leaves out the local server when it is the one being tuned, and says so', () => {
    const notes: string[] = [];
    const env = { PGHOST: 'localhost', PGPORT: '5433' };
    const tuned = PgTarget.fromDsn('postgres://postgres@127.0.0.1:5433/bench', {});
    const kinds = storeLocations({ env, tuned, privateBaseDir: '/nowhere', onProgress: (m) => notes.push(m) }).map((l) => l.kind);
    expect(kinds).toEqual(['private']);
    expect(notes).toEqual(['postgres://postgres@localhost:5433/pg_autotune is the server being tuned; keeping the metadata store in a private cluster']);
    const other = PgTarget.fromDsn('postgres://postgres@127.0.0.1:5432/bench', {});
    expect(storeLocations({ env, tuned: other, privateBaseDir: '/nowhere' }).map((l) => l.kind)).toEqual(['local', 'private']);
  });
});
