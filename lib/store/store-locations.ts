import path from 'node:path';
import { PgTarget } from '../postgres/pg-target';
import { Sandbox } from '../postgres/sandbox';
import { defaultSandboxBaseDir } from '../postgres/sandbox-paths';
import { DEFAULT_STORE_DATABASE } from './ensure-database';
import { resolveStoreTarget } from './resolve-store-target';

/** Which rule put a place in the list: --store, the local server, the private store cluster. */
export type StoreLocationKind = 'explicit' | 'local' | 'private';

/** A place the metadata store may be: its description for messages, and how to reach it. */
export interface StoreLocation {
  kind: StoreLocationKind;
  /** Password-free, for messages. */
  where: string;
  /**
   * The store's server and database. The private cluster is started when it was stopped;
   * when it was never made, `create` makes it (tune) and otherwise the answer is undefined
   * (report: nothing there to read).
   */
  target(options: { create: boolean }): Promise<PgTarget | undefined>;
  /**
   * Stops the private store cluster when `target()` started it (the command that started it
   * stops it; its data stays for later reports). Nothing for the other kinds, whose servers
   * are not ours.
   */
  release(): Promise<void>;
}

export interface StoreLocationOptions {
  /** --store: the only place when given. */
  dsn?: string;
  /** The server being tuned: the store never lives inside it, whose restarts must not touch it. */
  tuned?: PgTarget;
  env?: NodeJS.ProcessEnv;
  /** The private store cluster's folder. @defaultValue privateStoreBaseDir() */
  privateBaseDir?: string;
  onProgress?: (message: string) => void;
}

/** Folder of the private store cluster, beside the sandbox's. */
export function privateStoreBaseDir(): string {
  return path.join(path.dirname(defaultSandboxBaseDir()), 'store');
}

/**
 * Where the metadata store is, in the order to try, the one rule for every command (`tune`
 * and `serve` open the first that works, `report` reads the first that holds the session):
 * with --store, only that DSN. Otherwise the local server the PG* variables name (database
 * pg_autotune), unless it is the server being tuned; then a small private cluster managed
 * like the sandbox, which stays for later reports.
 */
export function storeLocations(options: StoreLocationOptions = {}): StoreLocation[] {
  const env = options.env ?? process.env;
  if (options.dsn !== undefined && options.dsn.trim() !== '') {
    const explicit = resolveStoreTarget(options.dsn, env);
    return [{ kind: 'explicit', where: explicit.describe(), target: async () => explicit, release: async () => undefined }];
  }
  const locations: StoreLocation[] = [];
  const local = resolveStoreTarget(undefined, env);
  if (options.tuned && sameServer(local, options.tuned)) {
    options.onProgress?.(`${local.describe()} is the server being tuned; keeping the metadata store in a private cluster`);
  } else {
    locations.push({ kind: 'local', where: local.describe(), target: async () => local, release: async () => undefined });
  }
  const sandbox = new Sandbox({ baseDir: options.privateBaseDir ?? privateStoreBaseDir(), onProgress: options.onProgress });
  let startedHere = false;
  locations.push({
    kind: 'private',
    where: `the private store cluster in ${sandbox.baseDir}`,
    target: async ({ create }) => {
      const status = await sandbox.status();
      if (status.state === 'absent' && !create) return undefined;
      startedHere ||= status.state !== 'running';
      const dsn = status.state === 'running' ? status.dsn : (await sandbox.up({ scale: 1 })).dsn;
      // Trust auth on loopback: a PGPASSWORD meant for another server has no business here.
      return PgTarget.fromDsn(dsn, {}).withDatabase(DEFAULT_STORE_DATABASE);
    },
    release: async () => {
      if (!startedHere) return;
      startedHere = false;
      await sandbox.pgCtl().stop();
    },
  });
  return locations;
}

function sameServer(a: PgTarget, b: PgTarget): boolean {
  const local = (h: string) => (h === 'localhost' || h === '::1' || h.startsWith('/') ? '127.0.0.1' : h);
  return local(a.host) === local(b.host) && a.port === b.port;
}
