import { MetadataStore } from './metadata-store';
import { openDefaultStore, type OpenDefaultStoreOptions } from './open-default-store';

/**
 * What a service is started with: where its store is (storeLocations' rule; the service
 * opens it and closes it when it stops), or a store already open (tests with their own
 * schema), which stays the caller's to close.
 */
export type StoreArgument = OpenDefaultStoreOptions | MetadataStore;

/** A service's store and the one way to let go of it that matches who opened it. */
export interface StoreLease {
  store: MetadataStore;
  /** Password-free, for messages. */
  where: string;
  /** Closes the store if the lease opened it; leaves a caller's store open. */
  release(): Promise<void>;
}

export async function leaseStore(argument: StoreArgument): Promise<StoreLease> {
  if (argument instanceof MetadataStore) return { store: argument, where: argument.where, release: async () => undefined };
  const opened = await openDefaultStore(argument);
  return { store: opened.store, where: opened.where, release: () => opened.close() };
}
