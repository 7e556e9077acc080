import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgCtlControl, RELOAD_ONLY } from '../../lib/postgres/server-control';
import { startCollector } from '../../services/collector/start-collector';
import { CollectorClient } from '../../lib/grpc/clients/collector-client';
import { checkHealth } from '../../lib/grpc/health-client';
import { PgTarget } from '../../lib/postgres/pg-target';
import { startSandbox, type SandboxFixture } from '../helpers/sandbox-fixture';
import { serverSetting } from '../helpers/server-setting';

type Started = Awaited<ReturnType<typeof startCollector>>;

// With overcommit_memory=1 the kernel grants any mapping, and a huge shared_buffers would start.
const overcommitAlways = readFileSync('/proc/sys/vm/overcommit_memory', 'utf8').trim() === '1';

describe('Collector service over gRPC against a sandbox server', () => {
  let sandbox: SandboxFixture;
  let collector: Started;
  let client: CollectorClient;
  let autoConf: () => string;

  beforeAll(async () => {
    sandbox = await startSandbox({ scale: 1 });
    autoConf = () => readFileSync(path.join(sandbox.dataDir, 'postgresql.auto.conf'), 'utf8');
    collector = await startCollector({
      target: sandbox.target,
      control: pgCtlControl(sandbox.pgCtl),
      dataDir: sandbox.dataDir,
      // Claim a huge host so the catalog's safe range admits a shared_buffers this machine cannot map.
      host: { memoryBytes: 8 * 1024 ** 4 },
      port: 0,
    });
    client = new CollectorClient(collector.address);
  });

  afterAll(async () => {
    client?.close();
    await collector?.stop();
    await sandbox?.stop();
  });

  it('answers the standard health check as SERVING', async () => {
    expect(await checkHealth(collector.address, 'autotune.v1.Collector')).toBe('SERVING');
    expect(await checkHealth(collector.address)).toBe('SERVING');
  });

  it("reports the server's connection and autovacuum worker counts, the memory budget's host terms", async () => {
    const info = await client.getServerInfo();
    expect(info.maxConnections).toBe(Number(await serverSetting(sandbox.target, 'max_connections')));
    expect(info.autovacuumMaxWorkers).toBe(Number(await serverSetting(sandbox.target, 'autovacuum_max_workers')));
    expect(info.autovacuumMaxWorkers).toBeGreaterThan(0);
  });

  it('lists every catalog knob with live value, context, pg limits and safe range', async () => {
    const { knobs } = await client.getKnobs();
    const workMem = knobs.find((k) => k.name === 'work_mem')!;
    expect(workMem).toMatchObject({ value: '4096', unit: 'kB', context: 'user', vartype: 'integer', scale: 'log' });
    expect(workMem.safeRange!.min).toBeGreaterThanOrEqual(64);
    const sharedBuffers = knobs.find((k) => k.name === 'shared_buffers')!;
    expect(sharedBuffers).toMatchObject({ context: 'postmaster', restartRequired: true, pendingRestart: false });
    expect(knobs.map((k) => k.name)).not.toContain('fsync');
  });

  it('applies a reload knob and reads it back from pg_settings', async () => {
    const reply = await client.applyKnobs({ knobs: [{ name: 'work_mem', value: '16384' }] });
    expect(reply).toMatchObject({ applied: true, restarted: false, rolledBack: false });
    expect(reply.inEffect).toEqual([{ name: 'work_mem', value: '16384' }]);
    expect(await serverSetting(sandbox.target, 'work_mem')).toBe('16384');
  });

  it('applies shared_buffers through a restart', async () => {
    const reply = await client.applyKnobs({ knobs: [{ name: 'shared_buffers', value: '32768' }] });
    expect(reply).toMatchObject({ applied: true, restarted: true, rolledBack: false });
    expect(reply.inEffect).toEqual([{ name: 'shared_buffers', value: '32768' }]);
    expect(await serverSetting(sandbox.target, 'shared_buffers')).toBe('32768');
  });

  it('rejects an absurd value with INVALID_ARGUMENT naming the knob and range, server untouched', async () => {
    const before = autoConf();
    const beforeValue = await serverSetting(sandbox.target, 'checkpoint_timeout');
    await expect(client.applyKnobs({ knobs: [{ name: 'checkpoint_timeout', value: '999999999' }] })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/checkpoint_timeout.*range/),
    });
    expect(autoConf()).toBe(before);
    expect(await serverSetting(sandbox.target, 'checkpoint_timeout')).toBe(beforeValue);
  });

  it('rejects a knob name that carries SQL before touching the server', async () => {
    const before = autoConf();
    for (const name of ['work_mem = 1; DROP TABLE pgbench_accounts; --', 'work_mem" = 1 --', 'fsync']) {
      await expect(client.applyKnobs({ knobs: [{ name, value: '1' }] })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    }
    await expect(client.applyKnobs({ knobs: [{ name: 'work_mem', value: "1'; DROP TABLE pgbench_accounts; --" }] })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    expect(autoConf()).toBe(before);
  });

  it.skipIf(overcommitAlways)('rolls back a value that stops the server from starting, and the server lives on its previous config', async () => {
    const before = autoConf();
    // 1 TiB of shared_buffers in 8 kB pages: valid for ALTER SYSTEM, impossible to map here.
    const reply = await client.applyKnobs({ knobs: [{ name: 'shared_buffers', value: String(128 * 1024 * 1024) }], restartTimeoutS: 30 });
    expect(reply).toMatchObject({ applied: false, rolledBack: true });
    expect(reply.error).toMatch(/shared memory|FATAL/);
    expect(reply.inEffect).toEqual([{ name: 'shared_buffers', value: '32768' }]);
    expect(autoConf()).toBe(before);
    expect(await serverSetting(sandbox.target, 'shared_buffers')).toBe('32768');
  });

  it('runs a benchmark through gRPC and reports pgbench failures as FAILED_PRECONDITION', async () => {
    const result = await client.runBenchmark({ scripts: [{ builtin: 'select-only' }], clients: 2, durationS: 2 });
    expect(result.tps).toBeGreaterThan(0);
    expect(result.latency!.p50Ms).toBeLessThanOrEqual(result.latency!.p99Ms);
    await expect(client.runBenchmark({ scripts: [{ builtin: 'select-only' }], clients: 0, durationS: 0 })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringContaining('benchmark.duration_s'),
    });
  });

  it('takes metric snapshots with named counters', async () => {
    const snapshot = await client.snapshot();
    const names = snapshot.metrics.map((m) => m.name);
    expect(names).toContain('database.xact_commit');
    expect(snapshot.serverVersionNum).toBeGreaterThanOrEqual(150000);
  });

  it('ResetKnobs restores the configuration found at start, restarting for shared_buffers', async () => {
    const reply = await client.resetKnobs();
    expect(reply.restarted).toBe(true);
    expect(await serverSetting(sandbox.target, 'shared_buffers')).toBe('16384');
    expect(await serverSetting(sandbox.target, 'work_mem')).toBe('4096');
    expect(autoConf()).not.toMatch(/work_mem|shared_buffers/);
  });
});

describe('Collector without restart permission', () => {
  let sandbox: SandboxFixture;
  let collector: Started;
  let client: CollectorClient;

  beforeAll(async () => {
    sandbox = await startSandbox({ scale: 1 });
    collector = await startCollector({ target: sandbox.target, control: RELOAD_ONLY, port: 0 });
    client = new CollectorClient(collector.address);
  });

  afterAll(async () => {
    client?.close();
    await collector?.stop();
    await sandbox?.stop();
  });

  it('refuses a restart knob with FAILED_PRECONDITION and changes nothing', async () => {
    await expect(client.applyKnobs({ knobs: [{ name: 'shared_buffers', value: '32768' }] })).rejects.toMatchObject({
      code: 'FAILED_PRECONDITION',
      message: expect.stringContaining('--data-dir'),
    });
    expect(await serverSetting(sandbox.target, 'shared_buffers')).toBe('16384');
  });

  it('restores reload knobs with ALTER SYSTEM on reset', async () => {
    await client.applyKnobs({ knobs: [{ name: 'checkpoint_timeout', value: '900' }] });
    expect(await serverSetting(sandbox.target, 'checkpoint_timeout')).toBe('900');
    const reply = await client.resetKnobs();
    expect(reply.restarted).toBe(false);
    expect(await serverSetting(sandbox.target, 'checkpoint_timeout')).toBe('300');
  });
});

describe('Collector start-up', () => {
  it('fails with UNAVAILABLE naming the target without its password', async () => {
    const target = PgTarget.fromDsn('postgres://tuner:very-secret-pw@127.0.0.1:1/db', {});
    const failure = startCollector({ target, control: RELOAD_ONLY, port: 0 });
    await expect(failure).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('postgres://tuner@127.0.0.1:1/db') });
    await expect(failure).rejects.not.toMatchObject({ message: expect.stringContaining('very-secret-pw') });
  });
});
