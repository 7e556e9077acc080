import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgTarget } from '../../lib/postgres/pg-target';
import { findPgBinaries } from '../../lib/postgres/pg-binaries';
import { runRestartCommand } from '../../lib/postgres/restart-command';
import { Sandbox, type SandboxInfo } from '../../lib/postgres/sandbox';
import { resolveServerUser } from '../../lib/postgres/server-user';
import { ServerStartError } from '../../lib/postgres/server-start-error';
import { startSandbox } from '../helpers/sandbox-fixture';

async function query<T extends Record<string, unknown>>(dsn: string, sql: string): Promise<T[]> {
  const client = new Client(PgTarget.fromDsn(dsn).clientConfig());
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

function settingLines(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.trim().startsWith('#'));
}

// With overcommit_memory=1 the kernel grants any mapping, and a huge shared_buffers starts.
const overcommitAlways = (() => {
  try {
    return readFileSync('/proc/sys/vm/overcommit_memory', 'utf8').trim() === '1';
  } catch {
    return true;
  }
})();

describe('Sandbox', () => {
  const baseDir = mkdtempSync(path.join(os.tmpdir(), 'pgat-'));
  const sandbox = new Sandbox({ baseDir });
  let info: SandboxInfo;

  beforeAll(async () => {
    info = await sandbox.up({ scale: 1 });
  });

  afterAll(async () => {
    await sandbox.down().catch(() => undefined);
    rmSync(baseDir, { recursive: true, force: true });
  });

  it('up loads pgbench data at scale 1 and leaves postgresql.auto.conf without settings', async () => {
    expect(info.outcome).toBe('created');
    expect(info.dsn).toBe(`postgres://postgres@127.0.0.1:${info.port}/pgbench`);
    const [row] = await query<{ n: string }>(info.dsn, 'SELECT count(*) AS n FROM pgbench_accounts');
    expect(Number(row!.n)).toBe(100_000);
    expect(settingLines(path.join(info.dataDir, 'postgresql.auto.conf'))).toEqual([]);
    const [listen] = await query<{ listen_addresses: string }>(info.dsn, 'SHOW listen_addresses');
    expect(listen!.listen_addresses).toBe('127.0.0.1');
  });

  it('preloads pg_stat_statements and creates it in the pgbench database', async () => {
    const extensions = await query<{ extname: string }>(info.dsn, 'SELECT extname FROM pg_extension');
    expect(extensions.map((e) => e.extname)).toContain('pg_stat_statements');
    // A statement run now must be counted: the extension is loaded, not only created.
    await query(info.dsn, 'SELECT count(*) AS pgat_probe FROM pgbench_branches');
    const rows = await query<{ calls: string }>(info.dsn, "SELECT calls FROM pg_stat_statements WHERE query LIKE '%pgat_probe%pgbench_branches%'");
    expect(rows.length).toBe(1);
    expect(Number(rows[0]!.calls)).toBeGreaterThanOrEqual(1);
  });

  it('status says running with the DSN, and up again reuses the running sandbox', async () => {
    const status = await sandbox.status();
    expect(status).toMatchObject({ state: 'running', dsn: info.dsn, scale: 1, port: info.port });
    const again = await sandbox.up();
    expect(again).toMatchObject({ outcome: 'already-running', port: info.port, createdAt: info.createdAt, reloaded: false });
  });

  it('restart through PgCtl brings the server back on the same port', async () => {
    const pgCtl = sandbox.pgCtl();
    const before = await pgCtl.postmasterPid();
    await pgCtl.restart({ timeoutS: 30 });
    const ready = await pgCtl.waitReady(5);
    expect(ready.pid).not.toBe(before!.pid);
    expect(ready.port).toBe(info.port);
    const [row] = await query<{ one: number }>(info.dsn, 'SELECT 1 AS one');
    expect(row!.one).toBe(1);
  });

  it('a restart command (a shell line of the user) is run and its server awaited', async () => {
    const pgCtl = sandbox.pgCtl();
    const before = await pgCtl.postmasterPid();
    const user = resolveServerUser();
    // -W: pg_ctl does not wait for the start, so the wait for connections is runRestartCommand's.
    const restart = `${findPgBinaries().pgCtl} restart -D '${info.dataDir}' -l '${pgCtl.logFile}' -m fast -W`;
    await runRestartCommand({ command: user ? `runuser -u ${user.name} -- ${restart}` : restart, target: PgTarget.fromDsn(info.dsn), timeoutS: 30 });
    const [row] = await query<{ pid: number }>(info.dsn, 'SELECT pg_backend_pid() AS pid');
    expect(row!.pid).toBeGreaterThan(0);
    expect((await pgCtl.postmasterPid())!.pid).not.toBe(before!.pid);
  });

  it('a restart with an invalid setting fails fast with the log lines that name it', async () => {
    const pgCtl = sandbox.pgCtl();
    const autoConf = path.join(info.dataDir, 'postgresql.auto.conf');
    const original = readFileSync(autoConf, 'utf8');
    writeFileSync(autoConf, `${original}shared_buffers = 'plenty'\n`);
    try {
      const started = Date.now();
      const error = await pgCtl.restart({ timeoutS: 20 }).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(Date.now() - started).toBeLessThan(20_000);
      expect(error).toBeInstanceOf(ServerStartError);
      expect((error as ServerStartError).message).toMatch(/FATAL: .*postgresql\.auto\.conf" contains errors/);
      expect((error as ServerStartError).message).toMatch(/invalid value for parameter "shared_buffers": "plenty"/);
      expect(await pgCtl.status()).toBe('stopped');
    } finally {
      writeFileSync(autoConf, original);
    }
    await pgCtl.start({ timeoutS: 30 });
    expect(await pgCtl.status()).toBe('running');
  });

  it.skipIf(overcommitAlways)('a start with shared memory the host cannot map fails with that FATAL line', async () => {
    const pgCtl = sandbox.pgCtl();
    await pgCtl.stop({ mode: 'fast', timeoutS: 30 });
    const autoConf = path.join(info.dataDir, 'postgresql.auto.conf');
    const original = readFileSync(autoConf, 'utf8');
    writeFileSync(autoConf, `${original}shared_buffers = '1000GB'\n`);
    try {
      await expect(pgCtl.start({ timeoutS: 20 })).rejects.toThrow(/FATAL: could not map anonymous shared memory/);
    } finally {
      writeFileSync(autoConf, original);
    }
    await pgCtl.start({ timeoutS: 30 });
    const [row] = await query<{ shared_buffers: string }>(info.dsn, 'SHOW shared_buffers');
    expect(row!.shared_buffers).toBe('128MB');
  });

  it('down stops the server and removes the folder; status is then absent', async () => {
    expect(await sandbox.down()).toBe(true);
    expect(existsSync(baseDir)).toBe(false);
    expect(await sandbox.status()).toEqual({ state: 'absent', baseDir: path.resolve(baseDir) });
    await expect(query(info.dsn, 'SELECT 1')).rejects.toThrow(/ECONNREFUSED/);
  });
});

describe('startSandbox fixture', () => {
  it('serves pgbench data on its own port and removes everything on stop', async () => {
    const fixture = await startSandbox();
    try {
      const [row] = await query<{ n: string }>(fixture.dsn, 'SELECT count(*) AS n FROM pgbench_branches');
      expect(Number(row!.n)).toBe(1);
      expect(fixture.target.port).toBe(fixture.port);
      expect(await fixture.pgCtl.status()).toBe('running');
    } finally {
      await fixture.stop();
    }
    expect(existsSync(fixture.baseDir)).toBe(false);
    await fixture.stop();
  });
});
