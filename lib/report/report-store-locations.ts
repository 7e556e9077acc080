import { PgTarget } from '../postgres/pg-target';
import { Sandbox } from '../postgres/sandbox';
import { DEFAULT_STORE_DATABASE } from '../store/ensure-database';
import { privateStoreBaseDir } from '../store/open-default-store';
import { resolveStoreTarget } from '../store/resolve-store-target';

/** A place a session's rows may be: its description for messages, and how to reach it. */
export interface StoreLocation {
  /** Password-free, for messages. */
  where: string;
  /** The store's server and database; undefined when the place turns out not to exist. */
  target(): Promise<PgTarget | undefined>;
}

export interface StoreLocationOptions {
  /** --store: the only place looked at when given. */
  dsn?: string;
  env?: NodeJS.ProcessEnv;
  /** The private store cluster's folder. @defaultValue privateStoreBaseDir() */
  privateBaseDir?: string;
  onProgress?: (message: string) => void;
}

/**
 * Where a report looks for a session: where `tune` may have put it (openDefaultStore), in
 * that order, creating nothing. With --store, only that DSN. Otherwise the local server the
 * PG* variables name (database pg_autotune), then the private store cluster `tune` starts
 * when no local server answers or the local one is being tuned; that cluster is started
 * again when it was stopped, and skipped when it was never made.
 */
export function reportStoreLocations(options: StoreLocationOptions = {}): StoreLocation[] {
  const env = options.env ?? process.env;
  if (options.dsn !== undefined && options.dsn.trim() !== '') {
    const explicit = resolveStoreTarget(options.dsn, env);
    return [{ where: explicit.describe(), target: async () => explicit }];
  }
  const local = resolveStoreTarget(undefined, env);
  const sandbox = new Sandbox({ baseDir: options.privateBaseDir ?? privateStoreBaseDir(), onProgress: options.onProgress });
  return [
    { where: local.describe(), target: async () => local },
    {
      where: `the private store cluster in ${sandbox.baseDir}`,
      target: async () => {
        const status = await sandbox.status();
        if (status.state === 'absent') return undefined;
        const dsn = status.state === 'running' ? status.dsn : (await sandbox.up()).dsn;
        return PgTarget.fromDsn(dsn, {}).withDatabase(DEFAULT_STORE_DATABASE);
      },
    },
  ];
}
