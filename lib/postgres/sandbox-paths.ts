import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Where a sandbox keeps its parts, all inside one base folder that the server's OS user owns:
 * the data directory, the Unix socket folder, the server log and the state file.
 */
export class SandboxPaths {
  readonly baseDir: string;

  constructor(baseDir: string) {
    this.baseDir = path.resolve(baseDir);
  }

  get dataDir(): string {
    return path.join(this.baseDir, 'data');
  }

  get socketDir(): string {
    return path.join(this.baseDir, 'run');
  }

  get logFile(): string {
    return path.join(this.baseDir, 'server.log');
  }

  get stateFile(): string {
    return path.join(this.baseDir, 'sandbox.json');
  }

  /** Every entry a sandbox creates, for removal: nothing else in the base folder is touched. */
  get entries(): string[] {
    return [this.stateFile, this.dataDir, this.socketDir, this.logFile];
  }
}

/** What the default location depends on; the unit tests pass their own. */
export interface SandboxHome {
  env: NodeJS.ProcessEnv;
  uid: number;
  homeDir: string;
}

/**
 * The default sandbox folder:
 * - `$PG_AUTOTUNE_HOME/sandbox` when set;
 * - as root, `/var/tmp/pg-autotune-<uid>/sandbox`: the server runs as `postgres`, which cannot
 *   enter /root (mode 700); /var/tmp is on disk (a tmpfs /tmp would put a large pgbench data
 *   set in RAM and skew what the tuner measures) and survives a reboot;
 * - otherwise `$XDG_CACHE_HOME/pg-autotune/sandbox`, else `~/.cache/pg-autotune/sandbox`.
 */
export function defaultSandboxBaseDir(
  home: SandboxHome = { env: process.env, uid: process.getuid?.() ?? -1, homeDir: os.homedir() },
): string {
  const { env, uid, homeDir } = home;
  if (env.PG_AUTOTUNE_HOME) return path.join(env.PG_AUTOTUNE_HOME, 'sandbox');
  if (uid === 0) return path.join('/var/tmp', `pg-autotune-${uid}`, 'sandbox');
  return path.join(env.XDG_CACHE_HOME || path.join(homeDir, '.cache'), 'pg-autotune', 'sandbox');
}
