import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PgTarget } from '../../lib/postgres/pg-target';
import { findPgBinaries, type PgBinaries } from '../../lib/postgres/pg-binaries';
import type { PgCtl } from '../../lib/postgres/pg-ctl';
import { Sandbox } from '../../lib/postgres/sandbox';
import { resolveServerUser } from '../../lib/postgres/server-user';

export interface SandboxFixture {
  /** postgres://postgres@127.0.0.1:<port>/pgbench, trust authentication. */
  dsn: string;
  target: PgTarget;
  dataDir: string;
  port: number;
  /** The sandbox's own folder; gone after `stop()`. */
  baseDir: string;
  /** Restart, stop, start the server (e.g. after ALTER SYSTEM of a restart-only knob). */
  pgCtl: PgCtl;
  /** Stops the server and deletes every file; safe to call twice. */
  stop(): Promise<void>;
}

export interface StartSandboxOptions {
  /** pgbench scale factor. @defaultValue 1 (100,000 accounts, loads in well under a second) */
  scale?: number;
}

// One discovery per test process: it spawns pg_config and postgres --version.
let binaries: PgBinaries | undefined;

/**
 * A fresh PostgreSQL with pgbench data for one integration test file, in its own mkdtemp
 * folder on a free port, so files and engineers never collide. Call `stop()` in afterAll; if
 * the process exits without it, an exit hook kills the server and deletes the folder.
 * Takes about 4 s (initdb dominates).
 */
export async function startSandbox(options: StartSandboxOptions = {}): Promise<SandboxFixture> {
  binaries ??= findPgBinaries();
  // Short prefix: the Unix socket path inside must stay under 107 bytes.
  const baseDir = mkdtempSync(path.join(os.tmpdir(), 'pgat-'));
  const sandbox = new Sandbox({ baseDir, binaries });
  const onExit = () => killSync(binaries!, sandbox.paths.dataDir, baseDir);
  process.once('exit', onExit);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.removeListener('exit', onExit);
    try {
      await sandbox.down();
    } finally {
      rmSync(baseDir, { recursive: true, force: true });
    }
  };
  try {
    const info = await sandbox.up({ scale: options.scale ?? 1 });
    return {
      dsn: info.dsn,
      target: PgTarget.fromDsn(info.dsn),
      dataDir: info.dataDir,
      port: info.port,
      baseDir,
      pgCtl: sandbox.pgCtl(),
      stop,
    };
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }
}

// 'exit' handlers cannot wait: stop the server synchronously, without a clean shutdown.
function killSync(programs: PgBinaries, dataDir: string, baseDir: string): void {
  const user = resolveServerUser();
  const args = ['stop', '-D', dataDir, '-m', 'immediate', '-w', '-t', '10'];
  const [command, commandArgs] = user ? ['runuser', ['-u', user.name, '--', programs.pgCtl, ...args]] : [programs.pgCtl, args];
  spawnSync(command, commandArgs, { stdio: 'ignore', cwd: '/', timeout: 15_000 });
  rmSync(baseDir, { recursive: true, force: true });
}
