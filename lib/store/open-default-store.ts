import { errorMessage } from '../core/errors';
import type { PgTarget } from '../postgres/pg-target';
import { ensureDatabase } from './ensure-database';
import { openStore, type MetadataStore } from './metadata-store';
import { storeLocations } from './store-locations';

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

/** A local server that does not answer this fast is taken as absent: the private cluster follows. */
const LOCAL_CONNECT_TIMEOUT_MS = 3_000;

/**
 * Opens the metadata store at the first of the storeLocations that works, creating its
 * database (and the private cluster) when missing. Only the local server may fail quietly:
 * a --store that does not answer, or a private cluster that does not start, is an error.
 */
export async function openDefaultStore(options: OpenDefaultStoreOptions = {}): Promise<OpenedStore> {
  for (const location of storeLocations(options)) {
    const local = location.kind === 'local';
    try {
      // With create, every location has a target: the private cluster is made when missing.
      const target = (await location.target({ create: true }))!;
      await ensureDatabase(target);
      return { store: await openStore(local ? { target, connectTimeoutMs: LOCAL_CONNECT_TIMEOUT_MS } : { target }), where: target.describe() };
    } catch (err) {
      if (!local) throw err;
      options.onProgress?.(`no metadata store at ${location.where} (${errorMessage(err)}); using a private store cluster`);
    }
  }
  // storeLocations always ends with the private cluster, which either opens or throws.
  throw new Error('no metadata store location');
}
