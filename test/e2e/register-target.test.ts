import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICE_NAMES } from '../../lib/grpc/autotune-proto';
import { checkHealth } from '../../lib/grpc/health-client';
import { PgTarget } from '../../lib/postgres/pg-target';
import { startCleartextPasswordServer } from '../helpers/cleartext-password-server';
import { runCli, type CliRun } from '../helpers/run-cli';
import { startSandbox, type SandboxFixture } from '../helpers/sandbox-fixture';
import { serveAllServing } from '../helpers/serve-all-serving';
import { serverSetting } from '../helpers/server-setting';
import { until } from '../helpers/service-process';
import { StackScratch } from '../helpers/stack-scratch';

interface Listed {
  name: string;
  status: string;
  collectorAddress: string;
  target: string;
  dataDir: string;
  labels: Record<string, string>;
  collectorProblem: string;
}

/**
 * Issue 8's `register --config` with `target:`: against a `serve all` that has no target of
 * its own, an instance file naming a sandbox's DSN and data directory makes that process start
 * a collector for it (a child process on a free loopback port), announce it and heartbeat for
 * it; a session then runs on it. Deregistering stops that collector; a restarted `serve all`
 * starts one again from the registry. Files with both keys, neither, or a password get one line
 * naming the file's line and the key.
 */
describe('register by target: serve all runs the collector', () => {
  let sandbox: SandboxFixture;
  let serveAll: CliRun;
  let discovery = '';
  let api = '';
  const scratch = new StackScratch('reg_target');
  const { dir } = scratch;
  // serve all runs with a PGPASSWORD (the store's, as the README has it); no target may receive it.
  const servePassword = `store-secret-${randomUUID().slice(0, 8)}`;
  const instanceFile = path.join(dir, 'instance.yaml');
  const cli = (args: string[]) => scratch.cli(args).done;
  const listed = async (): Promise<Listed[]> => JSON.parse((await cli(['instances', '--json', '--discovery', discovery])).stdout) as Listed[];
  const aliveWithCollector = async () => {
    let instance: Listed | undefined;
    await until(
      'serve all to start and announce the collector of orders',
      async () => {
        instance = (await listed()).find((i) => i.name === 'orders');
        return instance?.status === 'alive' && instance.collectorAddress !== '';
      },
      90_000,
      () => serveAll.stderrSoFar().slice(-3000),
    );
    return instance!;
  };
  const startServeAll = async () => {
    const ports = ['discovery', 'recommendation', 'environment'].flatMap((s) => [`--${s}-port`, '0']);
    const run = runCli([
      'serve', 'all', '--store', scratch.storeDsn, '--state-dir', path.join(dir, 'state'), '--heartbeat-interval', '1', ...ports,
    ], { PGPASSWORD: servePassword });
    const serving = await serveAllServing(run);
    discovery = serving.discovery;
    api = serving.recommendation;
    return run;
  };

  beforeAll(async () => {
    sandbox = await startSandbox({ scale: 1 });
    serveAll = await startServeAll();
  }, 180_000);

  afterAll(async () => {
    await scratch.cleanup(async () => {
      if (serveAll && serveAll.child.exitCode === null) {
        // SIGTERM: it stops the collectors it started (SIGKILL would leave them running).
        serveAll.child.kill('SIGTERM');
        await serveAll.done;
      }
    });
    await sandbox?.stop();
  }, 180_000);

  it('refuses files with both keys, neither, or a password in the DSN, in one line naming the line and the key', async () => {
    const refused = async (text: string) => {
      const file = path.join(dir, `bad-${randomUUID().slice(0, 6)}.yaml`);
      writeFileSync(file, text);
      const run = await cli(['register', '--config', file, '--discovery', discovery]);
      expect(run.code).not.toBe(0);
      expect(run.stderr.trimEnd().split('\n'), run.stderr).toHaveLength(1);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      return run.stderr.trim();
    };
    const both = await refused(`name: orders\ncollector: 127.0.0.1:7002\ntarget: ${sandbox.dsn}\n`);
    expect(both).toMatch(/bad-\w+\.yaml:3: target: give either collector .* or target .*, not both$/);
    expect(await refused('name: orders\nlabels: {team: payments}\n')).toMatch(/bad-\w+\.yaml:1: collector or target: one is required/);
    const withPassword = await refused(`name: orders\n\ntarget: postgres://postgres:hunter2-secret@127.0.0.1:${sandbox.port}/pgbench\n`);
    expect(withPassword).toMatch(/bad-\w+\.yaml:3: target: holds a password: .*passfile/);
    expect(withPassword).not.toContain('hunter2-secret');
    // Nothing was registered, and the password reached no log.
    expect(await listed()).toEqual([]);
    expect(serveAll.stderrSoFar()).not.toContain('hunter2-secret');
  }, 120_000);

  it("never sends serve all's PGPASSWORD to a registered target that asks for a cleartext password", async () => {
    const hostile = await startCleartextPasswordServer();
    try {
      // The fake server records passwords: a client that has one gives it away.
      const control = new Client({ host: '127.0.0.1', port: hostile.port, user: 'postgres', database: 'x', password: 'control-pw' });
      await expect(control.connect()).rejects.toThrow(/password authentication failed/);
      expect(hostile.logins.at(-1)?.password).toBe('control-pw');
      hostile.logins.length = 0;

      const file = path.join(dir, 'hostile.yaml');
      writeFileSync(file, `name: hostile\ntarget: postgres://postgres@127.0.0.1:${hostile.port}/x\n`);
      const registered = await cli(['register', '--config', file, '--discovery', discovery]);
      expect(registered.code, registered.stderr).toBe(0);
      // A first collector, and one retried after the backoff: neither carries the password.
      await until('two collectors to try the hostile target', () => hostile.logins.length >= 2, 90_000, () => serveAll.stderrSoFar().slice(-3000));
      expect(hostile.logins.map((l) => l.password ?? '').join('\n')).not.toContain(servePassword);
      expect(serveAll.stderrSoFar()).not.toContain(servePassword);
      // `instances` says why it has no collector, in one line.
      await until('instances to show why hostile has no collector', async () => (await listed()).find((i) => i.name === 'hostile')?.collectorProblem !== '', 30_000);
      const shown = (await listed()).find((i) => i.name === 'hostile')!;
      expect(shown).toMatchObject({ status: 'unavailable', collectorAddress: '' });
      expect(shown.collectorProblem).toMatch(/password/);
      expect((await cli(['instances', '--discovery', discovery])).stdout).toContain(`hostile: no collector: ${shown.collectorProblem}\n`);
      const gone = await cli(['deregister', 'hostile', '--discovery', discovery]);
      expect(gone.code, gone.stderr).toBe(0);

      // A target stored before today's rule (options= reaches the superuser connection): said once, never
      // started. A fake server of its own: a start for hostile still under way may yet reach the first.
      const legacyServer = await startCleartextPasswordServer();
      const store = new Client(PgTarget.fromDsn(scratch.storeDsn).clientConfig());
      await store.connect();
      try {
        await store.query(`INSERT INTO autotune.instances (name, collector_address, registered_target) VALUES ('legacy', '', $1)`, [
          `postgres://postgres@127.0.0.1:${legacyServer.port}/x?options=-c%20log_statement%3Dall`,
        ]);
        const said = () => serveAll.stderrSoFar().split('\n').filter((l) => l.includes('"instance":"legacy"') && l.includes('breaks the rules of a target'));
        await until('serve all to refuse the stored target', () => said().length > 0, 30_000, () => serveAll.stderrSoFar().slice(-3000));
        await new Promise((r) => setTimeout(r, 5_000));
        expect(said()).toHaveLength(1);
        expect(legacyServer.logins).toEqual([]);
      } finally {
        await store.query(`DELETE FROM autotune.instances WHERE name = 'legacy'`);
        await store.end();
        await legacyServer.close();
      }
    } finally {
      await hostile.close();
    }
  }, 150_000);

  it('starts a collector for a registered target, announces it alive with its address and runs a session on it', async () => {
    writeFileSync(instanceFile, `name: orders\ntarget: ${sandbox.dsn}\ndata_dir: ${sandbox.dataDir}\nlabels:\n  team: payments\n`);
    const registered = await cli(['register', '--config', instanceFile, '--discovery', discovery]);
    expect(registered.code, registered.stderr).toBe(0);
    expect(registered.stdout).toMatch(/^registered orders \(.+\): PostgreSQL \?, target postgres:\/\/postgres@127\.0\.0\.1:\d+\/pgbench, waiting for `serve all` to start its collector, unavailable\n$/);

    const instance = await aliveWithCollector();
    expect(instance).toMatchObject({ target: sandbox.target.describe(), dataDir: sandbox.dataDir, labels: { team: 'payments' } });
    expect(instance.collectorAddress).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(await checkHealth(instance.collectorAddress, SERVICE_NAMES.collector, 5_000)).toBe('SERVING');
    const table = await cli(['instances', '--discovery', discovery]);
    expect(table.stdout).toMatch(new RegExp(`^orders\\s+alive\\s+${instance.collectorAddress.replaceAll('.', '\\.')}\\s+\\d+`, 'm'));

    const workMem = await serverSetting(sandbox.target, 'work_mem');
    const flags = ['--iterations', '2', '--verify', '1', '--workload', 'select-only', '--duration', '1', '--warmup', '0', '--clients', '2'];
    const started = await cli(['sessions', 'start', 'orders', ...flags, '--api', api]);
    expect(started.code, started.stderr).toBe(0);
    const sessionId = started.stdout.trim();
    const watched = await cli(['sessions', 'watch', sessionId, '--api', api]);
    expect(watched.code, `${watched.stderr}\nserve all: ${serveAll.stderrSoFar().slice(-3000)}`).toBe(0);
    expect(watched.stderr.trim().split('\n').at(-1)).toMatch(new RegExp(`^session ${sessionId} finished; `));
    expect(await serverSetting(sandbox.target, 'work_mem')).toBe(workMem);
  }, 360_000);

  it('starts another collector when the one it started dies, and announces its new address', async () => {
    const before = (await listed()).find((i) => i.name === 'orders')!;
    const port = before.collectorAddress.split(':')[1]!;
    const pids = execFileSync('pgrep', ['-f', `serve collector .*--port ${port}$`], { encoding: 'utf8' }).trim().split('\n');
    expect(pids).toHaveLength(1);
    process.kill(Number(pids[0]), 'SIGKILL');
    await until(
      'serve all to announce a new collector for orders',
      async () => {
        const now = (await listed()).find((i) => i.name === 'orders');
        return now?.status === 'alive' && now.collectorAddress !== '' && now.collectorAddress !== before.collectorAddress;
      },
      90_000,
      () => serveAll.stderrSoFar().slice(-3000),
    );
    expect(serveAll.stderrSoFar()).toContain('the collector started for this target exited; starting another');
  }, 120_000);

  it('stops that collector on deregister, and a restarted serve all starts one again from the registry', async () => {
    const before = (await listed()).find((i) => i.name === 'orders')!;
    const gone = await cli(['deregister', 'orders', '--discovery', discovery]);
    expect(gone.code, gone.stderr).toBe(0);
    await until('the collector of a deregistered instance to stop', async () => (await checkHealth(before.collectorAddress, '', 1_000).catch(() => 'DOWN')) === 'DOWN', 60_000, () =>
      serveAll.stderrSoFar().slice(-3000),
    );
    expect(await listed()).toEqual([]);

    const again = await cli(['register', '--config', instanceFile, '--discovery', discovery]);
    expect(again.code, again.stderr).toBe(0);
    const first = await aliveWithCollector();
    serveAll.child.kill('SIGTERM');
    expect((await serveAll.done).code).toBe(0);
    expect(await checkHealth(first.collectorAddress, '', 1_000).catch(() => 'DOWN')).toBe('DOWN');

    serveAll = await startServeAll();
    // The old announcement reads alive until its beats are unavailable_after old: wait for the new one.
    let restarted: Listed | undefined;
    await until(
      'the restarted serve all to announce a new collector for orders',
      async () => {
        restarted = (await listed()).find((i) => i.name === 'orders');
        return restarted?.status === 'alive' && restarted.collectorAddress !== '' && restarted.collectorAddress !== first.collectorAddress;
      },
      90_000,
      () => serveAll.stderrSoFar().slice(-3000),
    );
    expect(await checkHealth(restarted!.collectorAddress, SERVICE_NAMES.collector, 5_000)).toBe('SERVING');
  }, 300_000);

  it('replaces the collector when the instance is registered again with another target', async () => {
    const before = (await listed()).find((i) => i.name === 'orders')!;
    const other = sandbox.target.withDatabase('postgres').describe();
    writeFileSync(instanceFile, `name: orders\ntarget: ${other}\n`);
    const again = await cli(['register', '--config', instanceFile, '--discovery', discovery]);
    expect(again.code, again.stderr).toBe(0);
    const moved = await aliveWithCollector();
    expect(moved).toMatchObject({ target: other, dataDir: '' });
    expect(moved.collectorAddress).not.toBe(before.collectorAddress);
    expect(await checkHealth(before.collectorAddress, '', 1_000).catch(() => 'DOWN')).toBe('DOWN');
  }, 120_000);
});
