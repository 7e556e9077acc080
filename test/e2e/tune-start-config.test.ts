import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgTarget } from '../../lib/postgres/pg-target';
import { openStore, type MetadataStore } from '../../lib/store/metadata-store';
import { runCli } from '../helpers/run-cli';
import { startSandbox, type SandboxFixture } from '../helpers/sandbox-fixture';

const START_CONFIG = path.join(__dirname, '../../workloads/misconfigured.conf');
/** What workloads/misconfigured.conf sets, in base units as pg_settings shows them. */
const START = { max_wal_size: '256', checkpoint_timeout: '30', work_mem: '64', max_parallel_workers_per_gather: '0' };
// No ablation: this test is about the start configuration, and the default's runs would double its time.
const SHORT = ['--duration', '2', '--warmup', '0', '--iterations', '2', '--verify', '3', '--clients', '2', '--ablation-rounds', '0'];

async function show(target: PgTarget): Promise<Record<string, string>> {
  const client = new Client(target.clientConfig());
  await client.connect();
  try {
    const values: Record<string, string> = {};
    // SHOW, as a DBA would check: the values in effect now, in the server's own display units.
    for (const name of Object.keys(START)) values[name] = (await client.query<Record<string, string>>(`SHOW ${name}`)).rows[0]![name]!;
    return values;
  } finally {
    await client.end();
  }
}

describe('pg-autotune tune --start-config (sandbox server, real Redis, real metadata store)', () => {
  let sandbox: SandboxFixture;
  let store: MetadataStore;
  let dir: string;
  let before: Record<string, string>;
  const storeDb = `pgat_e2e_start_${randomUUID().slice(0, 8)}`;
  const storeDsn = `postgres://postgres@127.0.0.1:5432/${storeDb}`;
  const admin = PgTarget.fromDsn('postgres://postgres@127.0.0.1:5432/postgres');
  const target = () => ['--target', sandbox.dsn, '--data-dir', sandbox.dataDir, '--store', storeDsn];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'pgat-e2e-start-'));
    sandbox = await startSandbox({ scale: 1 });
    before = await show(sandbox.target);
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

  it('measures the baseline on the start configuration, verifies against it, and ends on the real original', async () => {
    // The start must differ from the sandbox's own configuration, or this proves nothing.
    expect(before).toMatchObject({ max_wal_size: '1GB', checkpoint_timeout: '5min', work_mem: '4MB', max_parallel_workers_per_gather: '2' });
    const json = path.join(dir, 'report.json');
    const run = await runCli(['tune', ...target(), ...SHORT, '--start-config', START_CONFIG, '--json', json]).done;
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/started from a given configuration \(max_wal_size=256MB, checkpoint_timeout=30s, work_mem=64kB, max_parallel_workers_per_gather=0\)/);

    const doc = JSON.parse(readFileSync(json, 'utf8'));
    expect(doc.session.options.startKnobs).toEqual(Object.entries(START).map(([name, value]) => ({ name, value })));
    store = await openStore({ target: PgTarget.fromDsn(storeDsn) });
    const rows = await store.iterations.list(doc.session.id);
    const knobsOf = (r: { knobs: { name: string; value: string }[] }) => Object.fromEntries(r.knobs.map((k) => [k.name, k.value]));
    // The tuned knobs the start configuration sets are the baseline's values, in its row and in
    // every baseline run of the verification.
    const baseline = rows.find((r) => r.kind === 'baseline')!;
    expect(knobsOf(baseline)).toMatchObject({ work_mem: START.work_mem, checkpoint_timeout: START.checkpoint_timeout });
    const verifyBaselines = rows.filter((r) => r.kind === 'verify' && (r.metrics as { label?: string }).label === 'baseline');
    expect(verifyBaselines.length).toBeGreaterThanOrEqual(2);
    for (const r of verifyBaselines) expect(knobsOf(r)).toMatchObject({ work_mem: START.work_mem, checkpoint_timeout: START.checkpoint_timeout });

    expect(await show(sandbox.target)).toEqual(before);
  });

  it('re-applies the start configuration when a stopped session resumes, and restores the original again', async () => {
    const run = runCli(['tune', ...target(), ...SHORT, '--iterations', '4', '--start-config', START_CONFIG]);
    while (!/\[running\] step 1\/4/.test(run.stderrSoFar())) {
      if (run.child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    run.child.kill('SIGINT');
    const stopped = await run.done;
    expect(stopped.code, stopped.stderr).toBe(130);
    expect(await show(sandbox.target)).toEqual(before);
    const sessionId = /Resume with: pg-autotune tune --resume (\S+)/.exec(stopped.stderr)![1]!;

    const resumed = await runCli(['tune', ...target(), '--resume', sessionId]).done;
    expect(resumed.code, resumed.stderr).toBe(0);
    store ??= await openStore({ target: PgTarget.fromDsn(storeDsn) });
    const baselines = await store.iterations.list(sessionId, 'baseline');
    expect(baselines).toHaveLength(2);
    // The resumed baseline was measured on the start configuration again, not on the original.
    expect(Object.fromEntries(baselines[1]!.knobs.map((k) => [k.name, k.value]))).toMatchObject({ work_mem: '64', checkpoint_timeout: '30' });
    expect(await show(sandbox.target)).toEqual(before);
  });

  it('refuses a start configuration the catalog refuses before touching anything', async () => {
    const bad = path.join(dir, 'bad.conf');
    await import('node:fs/promises').then((fs) => fs.writeFile(bad, "work_mem = '64kB'\nfsync = off\n"));
    const run = await runCli(['tune', ...target(), ...SHORT, '--start-config', bad]).done;
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/pg-autotune: invalid argument: .*bad\.conf:2: fsync=off can corrupt the database/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(await show(sandbox.target)).toEqual(before);
  });
});
