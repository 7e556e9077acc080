import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { DeadlineExceededError, FailedPreconditionError, InvalidArgumentError, NotFoundError } from '../core/errors';
import { findPgBinaries, type PgBinaries } from './pg-binaries';
import { parsePostmasterPid, type PostmasterPid } from './postmaster-pid';
import { outputTail, runProgram, type ProgramResult } from './run-program';
import { keyLogLines, ServerLog } from './server-log';
import { serverProgramEnv } from './server-env';
import { DEFAULT_SERVER_USER, resolveServerUser } from './server-user';
import { ServerStartError } from './server-start-error';
import { isProcessAlive } from './process-alive';

export interface PgCtlOptions {
  /**
   * The folder pg_ctl -D takes: the data directory, or the folder holding postgresql.conf when
   * the configuration lives apart (Debian: /etc/postgresql/<major>/<cluster>).
   */
  dataDir: string;
  /**
   * The server's stderr log (pg_ctl -l), read to explain failed starts. Must be writable by
   * the server's OS user.
   * @defaultValue `<dataDir>/pg-autotune-server.log`
   */
  logFile?: string;
  /** @defaultValue findPgBinaries(), on first use */
  binaries?: PgBinaries;
  /**
   * The OS user that runs the server programs when this process is root; ignored otherwise
   * (they then run as this process's user).
   * @defaultValue 'postgres'
   */
  osUser?: string;
}

export interface PgStartOptions {
  /** @defaultValue the server's configuration (postgresql.conf, else 5432) */
  port?: number;
  /** The folder for the Unix socket. @defaultValue the server's configuration */
  socketDir?: string;
  /** @defaultValue 60 */
  timeoutS?: number;
}

export interface PgStopOptions {
  /** 'fast' rolls back open transactions; 'immediate' aborts, and the next start recovers. @defaultValue 'fast' */
  mode?: 'fast' | 'immediate';
  /** @defaultValue 60 */
  timeoutS?: number;
}

export interface PgRestartOptions {
  /** Applies to the stop and to the start, each (as pg_ctl -t does). @defaultValue 60 */
  timeoutS?: number;
  /** @defaultValue 'fast' */
  mode?: 'fast' | 'immediate';
}

export type PgServerStatus = 'running' | 'stopped';

// pg_ctl's own default wait.
const DEFAULT_TIMEOUT_S = 60;
// Our own kill timer only backs up pg_ctl -t, which should always fire first.
const BACKSTOP_EXTRA_S = 10;
const READY_POLL_MS = 100;
// pg_ctl passes -D, -l and -o to /bin/sh inside double quotes: these would be interpreted there.
const SHELL_ACTIVE = /["$`\\\n]/;

/**
 * Controls one PostgreSQL server through pg_ctl: start, stop, restart, status, readiness.
 * When this process is root the programs run as the server's OS user (runuser); always with
 * argument arrays, never a shell of ours. A restart reuses the options of the last start
 * (pg_ctl keeps them in postmaster.opts), so a collector given only the data directory can
 * restart a server it did not start; `postmasterPid()` tells it the port and socket folder.
 */
export class PgCtl {
  readonly dataDir: string;
  readonly logFile: string;
  private readonly log: ServerLog;
  private readonly osUser: string;
  private binaries: PgBinaries | undefined;

  constructor(options: PgCtlOptions) {
    this.dataDir = path.resolve(options.dataDir);
    this.logFile = path.resolve(options.logFile ?? path.join(this.dataDir, 'pg-autotune-server.log'));
    checkShellSafe('dataDir', this.dataDir);
    checkShellSafe('logFile', this.logFile);
    this.log = new ServerLog(this.logFile);
    this.osUser = options.osUser ?? DEFAULT_SERVER_USER;
    this.binaries = options.binaries;
  }

  /**
   * Starts the server and waits until it accepts connections.
   * @throws FailedPreconditionError when it is already running.
   * @throws ServerStartError when it exits while starting; the message carries the log's FATAL lines.
   * @throws DeadlineExceededError when it is not ready within `timeoutS` (it may still be starting).
   */
  async start(options: PgStartOptions = {}): Promise<void> {
    const timeoutS = checkTimeout(options.timeoutS ?? DEFAULT_TIMEOUT_S);
    if (options.port !== undefined && (!Number.isInteger(options.port) || options.port < 1 || options.port > 65535)) {
      throw new InvalidArgumentError('port', `must be an integer in 1..65535, got ${options.port}`);
    }
    if (options.socketDir !== undefined && /[\n\0]/.test(options.socketDir)) {
      throw new InvalidArgumentError('socketDir', 'must not contain a newline or NUL');
    }
    const running = await this.postmasterPidIfRunning();
    if (running) throw new FailedPreconditionError(`PostgreSQL in ${this.dataDir} is already running (pid ${running.pid}, port ${running.port})`);
    const serverArgs = [
      ...(options.port !== undefined ? ['-p', String(options.port)] : []),
      ...(options.socketDir !== undefined ? ['-k', shellQuote(options.socketDir)] : []),
    ];
    const offset = await this.log.offset();
    const result = await this.pgCtl(
      ['start', '-D', this.dataDir, '-l', this.logFile, '-w', '-t', String(timeoutS), ...(serverArgs.length > 0 ? ['-o', serverArgs.join(' ')] : [])],
      timeoutS + BACKSTOP_EXTRA_S,
    );
    if (result.exitCode !== 0 || result.timedOut) throw await this.startFailure('start', result, offset, timeoutS);
  }

  /**
   * Stops the server and waits until it is gone; does nothing when it is not running.
   * @throws DeadlineExceededError when it is still running after `timeoutS` ('immediate' then ends it).
   */
  async stop(options: PgStopOptions = {}): Promise<void> {
    const timeoutS = checkTimeout(options.timeoutS ?? DEFAULT_TIMEOUT_S);
    const mode = options.mode ?? 'fast';
    if ((await this.status()) === 'stopped') return;
    const result = await this.pgCtl(['stop', '-D', this.dataDir, '-m', mode, '-w', '-t', String(timeoutS)], timeoutS + BACKSTOP_EXTRA_S);
    if (result.exitCode === 0) return;
    if (result.timedOut || /does not shut down/.test(result.stderr)) {
      throw new DeadlineExceededError(`PostgreSQL in ${this.dataDir} did not stop within ${timeoutS} s (mode ${mode}); stop it with mode "immediate"`);
    }
    // It may have stopped on its own between the status check and pg_ctl.
    if ((await this.status()) === 'stopped') return;
    throw new FailedPreconditionError(`pg_ctl stop failed for ${this.dataDir}: ${outputTail(result)}`);
  }

  /**
   * Stops the server (if running) and starts it again with the options of its last start,
   * waiting until it accepts connections. This is how settings that need a restart take effect.
   * @throws ServerStartError, DeadlineExceededError as `start` does.
   */
  async restart(options: PgRestartOptions = {}): Promise<void> {
    const timeoutS = checkTimeout(options.timeoutS ?? DEFAULT_TIMEOUT_S);
    const offset = await this.log.offset();
    const result = await this.pgCtl(
      ['restart', '-D', this.dataDir, '-l', this.logFile, '-m', options.mode ?? 'fast', '-w', '-t', String(timeoutS)],
      2 * timeoutS + BACKSTOP_EXTRA_S,
    );
    if (result.exitCode !== 0 || result.timedOut) throw await this.startFailure('restart', result, offset, timeoutS);
  }

  /**
   * Whether a postmaster is running on this data directory (pg_ctl status).
   * @throws NotFoundError when the folder is not a data directory.
   */
  async status(): Promise<PgServerStatus> {
    const result = await this.pgCtl(['status', '-D', this.dataDir], BACKSTOP_EXTRA_S);
    // pg_ctl status: 0 running, 3 not running, 4 no accessible data directory.
    if (result.exitCode === 0) return 'running';
    if (result.exitCode === 3) return 'stopped';
    if (result.exitCode === 4) throw new NotFoundError(`no PostgreSQL data directory at ${this.dataDir}: ${outputTail(result)}`);
    throw new FailedPreconditionError(`pg_ctl status failed for ${this.dataDir}: ${outputTail(result)}`);
  }

  /**
   * Waits until the postmaster says it is ready (or a ready standby), for a server started by
   * someone else, e.g. a restart command.
   * @throws DeadlineExceededError with the log's last key lines after `timeoutS`.
   */
  async waitReady(timeoutS: number = DEFAULT_TIMEOUT_S): Promise<PostmasterPid> {
    const deadline = Date.now() + checkTimeout(timeoutS) * 1000;
    for (;;) {
      const pid = await this.postmasterPidIfRunning();
      if (pid && (pid.status === 'ready' || pid.status === 'standby')) return pid;
      if (Date.now() >= deadline) break;
      await new Promise((resolve) => setTimeout(resolve, READY_POLL_MS));
    }
    const lines = keyLogLines(await this.log.linesSince(0));
    throw new DeadlineExceededError(
      `PostgreSQL in ${this.dataDir} was not ready within ${timeoutS} s${lines.length > 0 ? `; its log ends: ${lines.join(' | ')}` : ''}`,
    );
  }

  /**
   * The server's postmaster.pid: its pid, port and socket folder. Undefined when there is none;
   * it may be stale after a crash (`status()` tells).
   */
  async postmasterPid(): Promise<PostmasterPid | undefined> {
    try {
      return parsePostmasterPid(await readFile(path.join(this.dataDir, 'postmaster.pid'), 'utf8'));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new FailedPreconditionError(`cannot read ${path.join(this.dataDir, 'postmaster.pid')}: ${(err as Error).message}`, { cause: err });
    }
  }

  private async postmasterPidIfRunning(): Promise<PostmasterPid | undefined> {
    const pid = await this.postmasterPid();
    return pid && isProcessAlive(pid.pid) ? pid : undefined;
  }

  private async startFailure(action: 'start' | 'restart', result: ProgramResult, offset: number, timeoutS: number): Promise<Error> {
    const lines = await this.log.linesSince(offset);
    if (result.timedOut || /did not start in time|does not shut down/.test(result.stderr)) {
      const key = keyLogLines(lines);
      const phase = /does not shut down/.test(result.stderr) ? 'stop for the restart' : 'accept connections';
      return new DeadlineExceededError(
        `PostgreSQL in ${this.dataDir} did not ${phase} within ${timeoutS} s (it may still be busy, e.g. recovering)` +
          (key.length > 0 ? `; its log ends: ${key.join(' | ')}` : ''),
      );
    }
    if (lines.length > 0) return new ServerStartError(this.dataDir, lines);
    return new FailedPreconditionError(`pg_ctl ${action} failed for ${this.dataDir}: ${outputTail(result)}`);
  }

  private pgCtl(args: string[], timeoutS: number): Promise<ProgramResult> {
    this.binaries ??= findPgBinaries();
    const user = resolveServerUser(this.osUser);
    return runProgram(this.binaries.pgCtl, args, {
      ...(user ? { asUser: user.name } : {}),
      env: serverProgramEnv(),
      timeoutMs: timeoutS * 1000,
      // A restart half-done when the collector dies would leave the server stopped.
      detached: true,
    });
  }
}

function checkTimeout(timeoutS: number): number {
  if (!Number.isFinite(timeoutS) || timeoutS <= 0) throw new InvalidArgumentError('timeoutS', `must be a positive number of seconds, got ${timeoutS}`);
  return Math.ceil(timeoutS);
}

function checkShellSafe(field: string, value: string): void {
  if (SHELL_ACTIVE.test(value)) {
    throw new InvalidArgumentError(field, `must not contain " $ \` \\ or a newline (pg_ctl passes it through a shell): ${value}`);
  }
}


// One word for the /bin/sh that pg_ctl hands -o to.
function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
