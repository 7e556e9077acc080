import path from 'node:path';
import { errorMessage } from '../core/errors';
import { PgTarget } from '../postgres/pg-target';
import { Sandbox } from '../postgres/sandbox';
import { defaultSandboxBaseDir } from '../postgres/sandbox-paths';
import { DEFAULT_STORE_DATABASE, ensureDatabase } from './ensure-database';
import { openStore, type MetadataStore } from './metadata-store';
import { resolveStoreTarget } from './resolve-store-target';

export interface OpenDefaultStoreOptions {
  /** --store: used as given (its database is created if missing). */
  dsn?: string;
  /** The server being tuned: the store must never live inside it, whose restarts must not touch it. */
  tuned?: PgTarget;
  onProgress?: (message: string) => void;
}

export interface OpenedStore {
  store: MetadataStore;
  /** Password-free description, for messages. */
  where: string;
}

/** Folder of the private store cluster, beside the sandbox's. */
export function privateStoreBaseDir(): string {
  return path.join(path.dirname(defaultSandboxBaseDir()), 'store');
}

/**
 * The metadata store, resolved in one place: --store DSN; else the local server named by the
 * PG* variables (database pg_autotune, created if missing) unless that is the server being
 * tuned; else a small private cluster managed like the sandbox, which stays for later reports.
 */
export async function openDefaultStore(options: OpenDefaultStoreOptions = {}): Promise<OpenedStore> {
  if (options.dsn) {
    const target = resolveStoreTarget(options.dsn);
    await ensureDatabase(target);
    return { store: await openStore({ target }), where: target.describe() };
  }
  const local = resolveStoreTarget();
  if (!options.tuned || !sameServer(local, options.tuned)) {
    try {
      await ensureDatabase(local);
      return { store: await openStore({ target: local, connectTimeoutMs: 3_000 }), where: local.describe() };
    } catch (err) {
      options.onProgress?.(`no metadata store at ${local.describe()} (${errorMessage(err)}); using a private store cluster`);
    }
  } else {
    options.onProgress?.(`${local.describe()} is the server being tuned; keeping the metadata store in a private cluster`);
  }
  const info = await new Sandbox({ baseDir: privateStoreBaseDir(), onProgress: options.onProgress }).up({ scale: 1 });
  const target = PgTarget.fromDsn(info.dsn).withDatabase(DEFAULT_STORE_DATABASE);
  await ensureDatabase(target);
  return { store: await openStore({ target }), where: target.describe() };
}

function sameServer(a: PgTarget, b: PgTarget): boolean {
  const local = (h: string) => (h === 'localhost' || h === '::1' || h.startsWith('/') ? '127.0.0.1' : h);
  return local(a.host) === local(b.host) && a.port === b.port;
}
