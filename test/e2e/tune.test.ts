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

const SHORT = ['--iterations', '3', '--duration', '1', '--warmup', '0', '--clients', '2', '--verify', '1', '--checkpoint-every', '2'];

async function settings(target: PgTarget): Promise<Record<string, string>> {
  const client = new Client(target.clientConfig());
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string; setting: string }>(
      `SELECT name, setting FROM pg_settings WHERE name = ANY($1::text[])`,
      [['work_mem', 'maintenance_work_mem', 'checkpoint_completion_target', 'effective_cache_size', 'wal_writer_delay', 'checkpoint_timeout']],
    );
    return Object.fromEntries(rows.map((r) => [r.name, r.setting]));
  } finally {
    await client.end();
  }
}

describe('pg-autotune tune, end to end (sandbox server, real Redis, real metadata store)', () => {
  let sandbox: SandboxFixture;
  let store: MetadataStore;
  const storeDb = `pgat_e2e_${randomUUID().slice(0, 8)}`;
  const storeDsn = `postgres://postgres@127.0.0.1:5432/${storeDb}`;
  const admin = PgTarget.fromDsn('postgres://postgres@127.0.0.1:5432/postgres');
  // The report files go in a folder of this run's own, removed at the end.
  let dir: string;
  let autoConf: () => string;
  let before: Record<string, string>;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'pgat-e2e-'));
    sandbox = await startSandbox({ scale: 1 });
    autoConf = () => readFileSync(path.join(sandbox.dataDir, 'postgresql.auto.conf'), 'utf8');
    before = await settings(sandbox.target);
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

  const target = () => ['--target', sandbox.dsn, '--data-dir', sandbox.dataDir, '--store', storeDsn];

  it('tunes for a few iterations, verifies, writes JSON and rows, and restores the original config', async () => {
    const autoConfBefore = autoConf();
    const json = path.join(dir, 'report.json');
    const html = path.join(dir, 'report.html');
    const run = await runCli(['tune', ...target(), ...SHORT, '--json', json, '--report', html]).done;
    expect(run.stderr).toMatch(/tfjs backend: (wasm|tensorflow|cpu)/);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/ALTER SYSTEM|keep the current configuration/);
    // The progress is WatchSession's (stderr is a pipe here, so one line per event): every
    // stored run in order, with the best TPS so far, through to the final status.
    expect(run.stderr).toMatch(/^\[running\] baseline 1: [\d.]+ TPS/m);
    for (const n of [1, 2, 3]) expect(run.stderr).toMatch(new RegExp(`^\\[running\\] step ${n}/3: .*; best ([\\d.]+|-) TPS$`, 'm'));
    expect(run.stderr).toMatch(/^\[verifying\] verify round 1: baseline [\d.]+ TPS/m);
    expect(run.stderr).toMatch(/^\[finished\] finished: the recommendation is ready$/m);

    const doc = JSON.parse(readFileSync(json, 'utf8'));
    expect(doc.format).toBe('pg-autotune-report/v1');
    expect(doc.session.status).toBe('finished');
    expect(doc.baseline.tps).toBeGreaterThan(0);
    expect(doc.verification.repeats).toBe(1);
    const kinds = doc.iterations.map((i: { kind: string }) => i.kind);
    expect(kinds.filter((k: string) => k === 'baseline')).toHaveLength(1);
    expect(kinds.filter((k: string) => k === 'step')).toHaveLength(3);
    expect(kinds.filter((k: string) => k === 'verify').length).toBeGreaterThanOrEqual(3);
    expect(readFileSync(html, 'utf8')).toMatch(/<svg/);

    store = await openStore({ target: PgTarget.fromDsn(storeDsn) });
    const session = await store.sessions.get(doc.session.id);
    expect(session.status).toBe('finished');
    const rows = await store.iterations.list(doc.session.id);
    expect(rows).toHaveLength(doc.iterations.length);
    const steps = rows.filter((r) => r.kind === 'step');
    expect(steps.every((r) => r.action?.length === 6 && r.state && r.reward !== null)).toBe(true);
    expect(await store.checkpoints.latest(doc.session.id)).toMatchObject({ step: 3 });
    await expect(store.recommendations.get(doc.session.id)).resolves.toBeDefined();

    expect(autoConf()).toBe(autoConfBefore);
    expect(await settings(sandbox.target)).toEqual(before);
  });

  it('stops cleanly on Ctrl-C, restores the config, and --resume finishes the session', async () => {
    const run = runCli(['tune', ...target(), ...SHORT, '--iterations', '6']);
    // Interrupt once the first tuning step is under way.
    while (!/\[running\] step 1\/6/.test(run.stderrSoFar())) {
      if (run.child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    run.child.kill('SIGINT');
    const stopped = await run.done;
    expect(stopped.code, stopped.stderr).toBe(130);
    const sessionId = /Resume with: pg-autotune tune --resume (\S+)/.exec(stopped.stderr)![1]!;
    expect(await settings(sandbox.target)).toEqual(before);

    store ??= await openStore({ target: PgTarget.fromDsn(storeDsn) });
    const held = await store.sessions.get(sessionId);
    expect(held.claimedBy).toBeNull();
    const stepsBefore = (await store.iterations.list(sessionId, 'step')).length;
    expect(stepsBefore).toBeGreaterThanOrEqual(1);

    const resumed = await runCli(['tune', ...target(), '--resume', sessionId]).done;
    expect(resumed.code, resumed.stderr).toBe(0);
    const steps = await store.iterations.list(sessionId, 'step');
    expect(steps.map((s) => s.n)).toEqual([1, 2, 3, 4, 5, 6]);
    expect((await store.sessions.get(sessionId)).status).toBe('finished');
    expect(await settings(sandbox.target)).toEqual(before);
  });
});
