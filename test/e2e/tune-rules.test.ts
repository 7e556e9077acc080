import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rulesConfiguration } from '../../knobs/pgtune-rules';
import { PgTarget } from '../../lib/postgres/pg-target';
import { openStore, type MetadataStore } from '../../lib/store/metadata-store';
import { runCli } from '../helpers/run-cli';
import { startSandbox, type SandboxFixture } from '../helpers/sandbox-fixture';

const DEFAULT_KNOBS = ['work_mem', 'maintenance_work_mem', 'checkpoint_completion_target', 'effective_cache_size', 'wal_writer_delay', 'checkpoint_timeout'];
const SHORT = ['--duration', '2', '--warmup', '0', '--clients', '2', '--verify', '1'];

async function query(target: PgTarget, sql: string, params: unknown[] = []): Promise<Record<string, string>[]> {
  const client = new Client(target.clientConfig());
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}

const settings = async (target: PgTarget, names: string[]) =>
  Object.fromEntries((await query(target, 'SELECT name, setting FROM pg_settings WHERE name = ANY($1::text[])', [names])).map((r) => [r.name!, r.setting!]));

describe('pg-autotune tune --agent rules, end to end (sandbox server, real Redis, real metadata store)', () => {
  let sandbox: SandboxFixture;
  let store: MetadataStore | undefined;
  const storeDb = `pgat_e2e_rules_${randomUUID().slice(0, 8)}`;
  const storeDsn = `postgres://postgres@127.0.0.1:5432/${storeDb}`;
  const admin = PgTarget.fromDsn('postgres://postgres@127.0.0.1:5432/postgres');
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'pgat-e2e-rules-'));
    sandbox = await startSandbox({ scale: 1 });
  });

  afterAll(async () => {
    await store?.close();
    const client = new Client(admin.clientConfig());
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${storeDb} WITH (FORCE)`);
    await client.end();
    await sandbox?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('runs one step, the clamped PGTune configuration for this host, verifies it and restores the original', async () => {
    const before = await settings(sandbox.target, DEFAULT_KNOBS);
    const json = path.join(dir, 'report.json');
    const run = await runCli(['tune', '--target', sandbox.dsn, '--data-dir', sandbox.dataDir, '--store', storeDsn, '--agent', 'rules', ...SHORT, '--json', json]).done;
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/^agent rules: one step, PGTune's configuration for oltp on ssd, then verification$/m);
    expect(run.stderr).toMatch(/^\[running\] step 1\/1: /m);
    expect(run.stderr).not.toMatch(/step 2\//);

    const doc = JSON.parse(readFileSync(json, 'utf8'));
    store = await openStore({ target: PgTarget.fromDsn(storeDsn) });
    const session = await store.sessions.get(doc.session.id);
    expect(session.status).toBe('finished');
    const instance = await store.instances.get(session.instanceId);
    const live = await settings(sandbox.target, ['max_connections', 'autovacuum_max_workers', 'server_version_num']);
    const rules = rulesConfiguration(
      {
        memoryBytes: instance.hostMemoryBytes!,
        cpus: instance.hostCpus!,
        maxConnections: Number(live.max_connections),
        serverVersionNum: Number(live.server_version_num),
        workload: 'oltp',
        storage: 'ssd',
      },
      { autovacuumMaxWorkers: Number(live.autovacuum_max_workers) },
    );
    const expected = new Map(rules.settings.map((k) => [k.name, k.value]));
    const rows = await store.iterations.list(session.id);
    const steps = rows.filter((r) => r.kind === 'step');
    expect(steps).toHaveLength(1);
    // The rules' knobs of the default set as the server read them back; the others at the baseline.
    const baseline = rows.find((r) => r.kind === 'baseline')!.knobs;
    expect(steps[0]!.knobs).toEqual(baseline.map((k) => ({ name: k.name, value: expected.get(k.name) ?? k.value })));
    expect(rows.filter((r) => r.kind === 'verify').length).toBeGreaterThanOrEqual(3);
    expect(await settings(sandbox.target, DEFAULT_KNOBS)).toEqual(before);
  });
});
