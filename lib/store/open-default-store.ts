import { errorMessage } from '../core/errors';
import { ensureDatabase } from './ensure-database';
import { openStore, type MetadataStore } from './metadata-store';
import { storeLocations, type StoreLocationOptions } from './store-locations';

/**
 * Where a service's store is (the configuration `serve` and the local stack pass on): --store
 * is used as given, its database created if missing; the store never lives in `tuned`.
 */
export interface OpenDefaultStoreOptions extends StoreLocationOptions {
  /**
   * Stop the private store cluster on close when this open started it (`tune`: the run that
   * needed it stops it). Otherwise it keeps running for the other services of a deployment.
   * @defaultValue false
   */
  stopPrivateCluster?: boolean;
}

export interface OpenedStore {
  store: MetadataStore;
  /** Password-free description, for messages. */
  where: string;
  /** Closes the store, then stops the private store cluster if `stopPrivateCluster` asks for it. */
  close(): Promise<void>;
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
      const store = await openStore(local ? { target, connectTimeoutMs: LOCAL_CONNECT_TIMEOUT_MS } : { target });
      const close = async () => {
        await store.close();
        if (options.stopPrivateCluster) await location.release();
      };
      return { store, where: target.describe(), close };
    } catch (err) {
      if (options.stopPrivateCluster) await location.release().catch(() => undefined);
      if (!local) throw err;
      options.onProgress?.(`no metadata store at ${location.where} (${errorMessage(err)}); using a private store cluster`);
    }
  }
  // storeLocations always ends with the private cluster, which either opens or throws.
  throw new Error('no metadata store location');
}
