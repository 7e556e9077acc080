import { existsSync } from 'node:fs';
import { chown, mkdir, readFile, rm, rmdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { Client } from 'pg';
import { DeadlineExceededError, FailedPreconditionError, InvalidArgumentError } from '../core/errors';
import { PgTarget } from './pg-target';
import { findFreePort } from './free-port';
import { findPgBinaries, type PgBinaries } from './pg-binaries';
import { markTargetBenchData } from './bench-data-marker';
import { loadPgbenchData } from './pgbench-loader';
import { PgCtl, type PgServerStatus } from './pg-ctl';
import { outputTail, runProgram } from './run-program';
import { withSandboxConfig } from './sandbox-config';
import { defaultSandboxBaseDir, SandboxPaths } from './sandbox-paths';
import { readSandboxState, writeSandboxState, type SandboxState } from './sandbox-state';
import { serverProgramEnv } from './server-env';
import { ServerStartError } from './server-start-error';
import { resolveServerUser, type ServerUser } from './server-user';

/** The database a sandbox's DSN names; it holds the pgbench tables (and pg_stat_statements). */
export const SANDBOX_DATABASE = 'pgbench';
/** The sandbox's superuser, trusted without a password on 127.0.0.1 and its socket. */
export const SANDBOX_USER = 'postgres';
/** What `up` accepts; the CLI checks its options against the same numbers. */
export const SANDBOX_LIMITS = {
  scale: { min: 1, max: 10_000 },
  port: { min: 1024, max: 65_535 },
} as const;

export interface SandboxOptions {
  /** @defaultValue defaultSandboxBaseDir(): $PG_AUTOTUNE_HOME/sandbox, /var/tmp/pg-autotune-0/sandbox as root, else ~/.cache/pg-autotune/sandbox */
  baseDir?: string;
  /** @defaultValue findPgBinaries(), on first use */
  binaries?: PgBinaries;
  /** Receives one line per slow step, for people. @defaultValue ignores them */
  onProgress?: (message: string) => void;
}

export interface SandboxUpOptions {
  /**
   * pgbench scale factor (100,000 accounts, about 15 MB per unit). An existing sandbox with
   * another scale is reloaded at this one.
   * @defaultValue 10 for a new sandbox (about 150 MB: more than the default 128 MB of
   * shared_buffers, so memory knobs matter); an existing sandbox keeps its scale
   */
  scale?: number;
  /** Loopback port. @defaultValue a free one for a new sandbox; an existing one keeps its port */
  port?: number;
  /** For each server start. @defaultValue 60 */
  timeoutS?: number;
}

export interface SandboxInfo extends SandboxState {
  baseDir: string;
  /** What `up` did: made a new cluster, started a stopped one, or found it running. */
  outcome: 'created' | 'started' | 'already-running';
  /** True when the pgbench data was loaded again at another scale. */
  reloaded: boolean;
}

export type SandboxStatus =
  | { state: 'absent'; baseDir: string }
  | ({ state: 'running' | 'stopped'; baseDir: string } & SandboxState);

/** The pgbench scale of a new sandbox (SandboxUpOptions.scale says why); the CLI's help prints it. */
export const SANDBOX_DEFAULT_SCALE = 10;
const DEFAULT_TIMEOUT_S = 60;
// Picking a free port and binding it are not atomic: another process may win the race.
const PORT_ATTEMPTS = 3;
// Linux sun_path holds 107 bytes plus NUL; the server adds "/.s.PGSQL.<port>".
const MAX_SOCKET_PATH = 107;
const STOP_TIMEOUT_S = 30;

/**
 * A throwaway PostgreSQL cluster for experiments and tests: loopback only, trust
 * authentication, pgbench data loaded, pg_stat_statements preloaded when installed. Its
 * settings live in postgresql.conf; postgresql.auto.conf stays empty for ALTER SYSTEM.
 * When this process is root the base folder is handed to the `postgres` OS user, which runs
 * the server.
 */
export class Sandbox {
  readonly paths: SandboxPaths;
  private readonly onProgress: (message: string) => void;
  private binaries: PgBinaries | undefined;
  private controller: PgCtl | undefined;

  constructor(options: SandboxOptions = {}) {
    this.paths = new SandboxPaths(options.baseDir ?? defaultSandboxBaseDir());
    this.onProgress = options.onProgress ?? (() => undefined);
    this.binaries = options.binaries;
  }

  get baseDir(): string {
    return this.paths.baseDir;
  }

  /** Controls the sandbox's server (restart after ALTER SYSTEM, stop, readiness). */
  pgCtl(): PgCtl {
    this.controller ??= new PgCtl({ dataDir: this.paths.dataDir, logFile: this.paths.logFile, binaries: this.programs() });
    return this.controller;
  }

  /** Absent (nothing there, or an interrupted `up`), running or stopped, with its DSN. */
  async status(): Promise<SandboxStatus> {
    const found = await this.inspect();
    return found ? { state: found.server, baseDir: this.baseDir, ...found.state } : { state: 'absent', baseDir: this.baseDir };
  }

  /**
   * Creates and starts the sandbox, or starts it when stopped, or reports it when running;
   * loads the pgbench data again when another scale is asked for.
   * @throws InvalidArgumentError for a scale or port out of range, or another port than the existing sandbox's.
   * @throws ServerStartError, DeadlineExceededError when the server does not start.
   */
  async up(options: SandboxUpOptions = {}): Promise<SandboxInfo> {
    const { scale, port, timeoutS = DEFAULT_TIMEOUT_S } = options;
    checkRange('scale', scale, SANDBOX_LIMITS.scale);
    checkRange('port', port, SANDBOX_LIMITS.port);
    const found = await this.inspect();
    if (!found) return this.create(scale ?? SANDBOX_DEFAULT_SCALE, port, timeoutS);
    const state = { ...found.state };
    if (port !== undefined && port !== state.port) {
      throw new InvalidArgumentError('port', `the sandbox in ${this.baseDir} uses port ${state.port}; omit the port, or remove it first (sandbox down)`);
    }
    let outcome: SandboxInfo['outcome'] = 'already-running';
    if (found.server === 'stopped') {
      this.onProgress(`starting the sandbox server on 127.0.0.1:${state.port}`);
      await this.pgCtl().start({ timeoutS });
      outcome = 'started';
      state.pid = await this.postmasterPid();
    }
    const reloaded = scale !== undefined && scale !== state.scale;
    if (reloaded) {
      this.onProgress(`reloading pgbench data at scale ${scale} (it had scale ${state.scale})`);
      await loadPgbenchData({ pgbenchPath: this.programs().pgbench, target: PgTarget.fromDsn(state.dsn), scale });
      await markTargetBenchData(PgTarget.fromDsn(state.dsn), 'fresh');
      state.scale = scale;
    } else {
      // A sandbox made before bench data carried a mark: its data is still the tool's own.
      await markTargetBenchData(PgTarget.fromDsn(state.dsn), 'if-unmarked');
    }
    if (outcome === 'started' || reloaded) await writeSandboxState(this.paths.stateFile, state);
    return { ...state, baseDir: this.baseDir, outcome, reloaded };
  }

  /** Stops the server and removes the sandbox's files; false when there was none. */
  async down(): Promise<boolean> {
    const existed = await this.removeEntries();
    await rmdir(this.baseDir).catch(() => undefined); // kept when something else lives in it
    return existed;
  }

  private async inspect(): Promise<{ server: PgServerStatus; state: SandboxState } | undefined> {
    const state = await readSandboxState(this.paths.stateFile);
    if (!state || !existsSync(path.join(this.paths.dataDir, 'PG_VERSION'))) return undefined;
    return { server: await this.pgCtl().status(), state };
  }

  private async create(scale: number, port: number | undefined, timeoutS: number): Promise<SandboxInfo> {
    const binaries = this.programs();
    const user = resolveServerUser();
    const socketPath = path.join(this.paths.socketDir, `.s.PGSQL.${SANDBOX_LIMITS.port.max}`);
    if (Buffer.byteLength(socketPath) > MAX_SOCKET_PATH) {
      throw new InvalidArgumentError('baseDir', `too long for a Unix socket path (${socketPath} exceeds ${MAX_SOCKET_PATH} bytes); choose a shorter folder`);
    }
    await this.removeEntries(); // what an interrupted `up` left
    try {
      await this.prepareBaseDir(user);
      this.onProgress(`creating a PostgreSQL ${binaries.majorVersion} cluster in ${this.paths.dataDir}`);
      await this.initdb(binaries, user);
      const chosenPort = await this.startOnPort(port, timeoutS);
      const target = sandboxTarget(chosenPort, 'postgres');
      await createSandboxDatabase(target, this.hasPgStatStatements());
      this.onProgress(`loading pgbench data at scale ${scale}`);
      const dsn = sandboxTarget(chosenPort, SANDBOX_DATABASE).describe();
      await loadPgbenchData({ pgbenchPath: binaries.pgbench, target: PgTarget.fromDsn(dsn), scale });
      // The mark lets the collector's template reset (bench-data-reset.ts) know this data is its to replace.
      await markTargetBenchData(PgTarget.fromDsn(dsn), 'fresh');
      const state: SandboxState = {
        version: 1,
        dataDir: this.paths.dataDir,
        socketDir: this.paths.socketDir,
        port: chosenPort,
        dsn,
        database: SANDBOX_DATABASE,
        scale,
        createdAt: new Date().toISOString(),
        pid: await this.postmasterPid(),
      };
      await writeSandboxState(this.paths.stateFile, state);
      return { ...state, baseDir: this.baseDir, outcome: 'created', reloaded: false };
    } catch (err) {
      await this.removeEntries().catch(() => undefined);
      throw err;
    }
  }

  // The base folder belongs to the server's user, who must also be able to reach it.
  private async prepareBaseDir(user: ServerUser | undefined): Promise<void> {
    await mkdir(path.dirname(this.baseDir), { recursive: true, mode: 0o755 });
    await mkdir(this.baseDir, { recursive: true, mode: 0o700 });
    await mkdir(this.paths.socketDir, { recursive: true, mode: 0o700 });
    if (!user) return;
    await chown(this.baseDir, user.uid, user.gid);
    await chown(this.paths.socketDir, user.uid, user.gid);
    const probe = await runProgram('test', ['-w', this.baseDir, '-a', '-x', this.baseDir], { asUser: user.name, timeoutMs: 10_000 });
    if (probe.exitCode !== 0) {
      throw new FailedPreconditionError(
        `the ${user.name} OS user, which runs the server, cannot reach ${this.baseDir} (a parent folder is closed to it, as /root is); ` +
          'set PG_AUTOTUNE_HOME to a folder under /var/tmp or another place it can enter',
      );
    }
  }

  // --no-sync: a throwaway cluster need not survive a power cut, and it saves seconds.
  private async initdb(binaries: PgBinaries, user: ServerUser | undefined): Promise<void> {
    const result = await runProgram(
      binaries.initdb,
      ['-D', this.paths.dataDir, '-A', 'trust', '-U', SANDBOX_USER, '--no-sync', '-E', 'UTF8', '--locale=C'],
      { ...(user ? { asUser: user.name } : {}), env: serverProgramEnv(), timeoutMs: 120_000 },
    );
    if (result.exitCode !== 0) throw new FailedPreconditionError(`initdb into ${this.paths.dataDir} failed: ${outputTail(result)}`);
  }

  // The port goes into postgresql.conf, so a plain `pg_ctl start` or restart keeps it.
  private async startOnPort(port: number | undefined, timeoutS: number): Promise<number> {
    const confFile = path.join(this.paths.dataDir, 'postgresql.conf');
    const initialConf = await readFile(confFile, 'utf8');
    for (let attempt = 1; ; attempt++) {
      const candidate = port ?? (await findFreePort());
      await writeFile(confFile, withSandboxConfig(initialConf, { port: candidate, socketDir: this.paths.socketDir, pgStatStatements: this.hasPgStatStatements() }));
      this.onProgress(`starting the sandbox server on 127.0.0.1:${candidate}`);
      try {
        await this.pgCtl().start({ timeoutS });
        return candidate;
      } catch (err) {
        const retry = port === undefined && err instanceof ServerStartError && err.portInUse && attempt < PORT_ATTEMPTS;
        if (!retry) throw err;
      }
    }
  }

  // Stops a server running in the data directory, then deletes the sandbox's entries.
  private async removeEntries(): Promise<boolean> {
    const existed = this.paths.entries.some((entry) => existsSync(entry));
    if (existsSync(path.join(this.paths.dataDir, 'PG_VERSION'))) {
      try {
        await this.pgCtl().stop({ mode: 'fast', timeoutS: STOP_TIMEOUT_S });
      } catch (err) {
        if (!(err instanceof DeadlineExceededError)) throw err;
        await this.pgCtl().stop({ mode: 'immediate', timeoutS: STOP_TIMEOUT_S });
      }
    }
    for (const entry of this.paths.entries) await rm(entry, { recursive: true, force: true });
    return existed;
  }

  private async postmasterPid(): Promise<number> {
    const pid = await this.pgCtl().postmasterPid();
    if (!pid) throw new FailedPreconditionError(`the sandbox server in ${this.paths.dataDir} started but wrote no postmaster.pid`);
    return pid.pid;
  }

  private hasPgStatStatements(): boolean {
    const { shareDir } = this.programs();
    return shareDir !== undefined && existsSync(path.join(shareDir, 'extension', 'pg_stat_statements.control'));
  }

  private programs(): PgBinaries {
    this.binaries ??= findPgBinaries();
    return this.binaries;
  }
}

function sandboxTarget(port: number, database: string): PgTarget {
  return new PgTarget({ host: '127.0.0.1', port, user: SANDBOX_USER, database });
}

async function createSandboxDatabase(admin: PgTarget, pgStatStatements: boolean): Promise<void> {
  await withClient(admin, (client) => client.query(`CREATE DATABASE ${SANDBOX_DATABASE}`));
  if (pgStatStatements) {
    await withClient(admin.withDatabase(SANDBOX_DATABASE), (client) => client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements'));
  }
}

async function withClient<T>(target: PgTarget, use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client(target.clientConfig());
  client.on('error', () => undefined); // a server going away mid-call surfaces through the query
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function checkRange(field: string, value: number | undefined, range: { min: number; max: number }): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    throw new InvalidArgumentError(field, `must be an integer in ${range.min}..${range.max}, got ${value}`);
  }
}
