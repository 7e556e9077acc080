import type { Instance } from '../../proto/generated/autotune/v1/Instance';
import type { ServerInfo__Output } from '../../proto/generated/autotune/v1/ServerInfo';
import { CollectorClient } from '../../lib/grpc/clients/collector-client';
import { FailedPreconditionError, InvalidArgumentError, UnavailableError, errorMessage } from '../../lib/core/errors';
import type { MetadataStore } from '../../lib/store/metadata-store';
import { ACTIVE_STATUSES } from '../../lib/store/session-repository';
import { checkServiceAddress } from '../../lib/grpc/service-address';
import { toInstanceMessage } from './instance-message';
import { checkInstanceName } from '../../lib/grpc/instance-name';
import { INSTANCE_HEARTBEAT } from '../../lib/grpc/service-defaults';

export interface DiscoveryServiceOptions {
  store: MetadataStore;
  /**
   * Heartbeat age after which an instance is reported unavailable.
   * @defaultValue INSTANCE_HEARTBEAT.unavailableAfterMs (90 s)
   */
  unavailableAfterMs?: number;
  /** How to ask a collector what it serves. @defaultValue CollectorClient.getServerInfo */
  fetchServerInfo?: (collectorAddress: string) => Promise<ServerInfo__Output>;
}

/**
 * The registry of target instances and the collector serving each, over the metadata store.
 * Registering asks the collector what it serves (version, host memory and CPUs, the target's
 * password-free DSN), so an instance in the registry is one that answered at least once.
 */
export class DiscoveryService {
  private readonly store: MetadataStore;
  private readonly unavailableAfterMs: number;
  private readonly fetchServerInfo: (collectorAddress: string) => Promise<ServerInfo__Output>;

  constructor(options: DiscoveryServiceOptions) {
    this.store = options.store;
    this.unavailableAfterMs = options.unavailableAfterMs ?? INSTANCE_HEARTBEAT.unavailableAfterMs;
    if (!(this.unavailableAfterMs >= 0)) throw new InvalidArgumentError('unavailableAfterMs', `must be >= 0, got ${this.unavailableAfterMs}`);
    this.fetchServerInfo = options.fetchServerInfo ?? askCollector;
  }

  /**
   * Registers the instance, or updates the one of this name (a new address, fresh server info):
   * registering again is how a moved collector is announced. Counts as a heartbeat.
   * @throws InvalidArgumentError for a bad name or address, UnavailableError naming the address when the collector does not answer.
   */
  async register(request: { name: string; collectorAddress: string }): Promise<Instance> {
    const name = checkInstanceName(request.name);
    const collectorAddress = checkServiceAddress(request.collectorAddress, 'collector_address');
    let info: ServerInfo__Output;
    try {
      info = await this.fetchServerInfo(collectorAddress);
    } catch (err) {
      throw new UnavailableError(`collector at ${collectorAddress} does not answer GetServerInfo: ${errorMessage(err)}`, { cause: err });
    }
    const record = await this.store.instances.upsert({
      name,
      collectorAddress,
      // The collector reports its target already without password; the store describes it again.
      target: info.target || undefined,
      serverVersion: info.serverVersion || undefined,
      hostMemoryBytes: info.hostMemoryBytes || undefined,
      hostCpus: info.hostCpus || undefined,
    });
    return this.message(record);
  }

  /** @throws NotFoundError */
  async get(idOrName: string): Promise<Instance> {
    return this.message(await this.store.instances.get(required(idOrName, 'id')));
  }

  /** Every instance, by name. */
  async list(): Promise<Instance[]> {
    const records = await this.store.instances.list();
    const now = Date.now();
    return records.map((r) => toInstanceMessage(r, now, this.unavailableAfterMs));
  }

  /** Marks the instance alive now; returns when (ms since the epoch). @throws NotFoundError */
  async heartbeat(idOrName: string): Promise<number> {
    return (await this.store.instances.heartbeat(required(idOrName, 'id'))).getTime();
  }

  /**
   * Removes the instance with its finished sessions and their history.
   * @throws FailedPreconditionError while a session on it is pending, running or verifying
   *   (cancel it first), NotFoundError for an unknown instance.
   */
  async deregister(idOrName: string): Promise<void> {
    const instance = await this.store.instances.get(required(idOrName, 'id'));
    const active = (await this.store.sessions.list(instance.id)).filter((s) => ACTIVE_STATUSES.includes(s.status));
    if (active.length > 0) {
      const which = active.map((s) => `${s.id} (${s.status})`).join(', ');
      throw new FailedPreconditionError(`instance "${instance.name}" has active sessions: ${which}; cancel them before deregistering`);
    }
    await this.store.instances.remove(instance.id);
  }

  private message(record: Parameters<typeof toInstanceMessage>[0]): Instance {
    return toInstanceMessage(record, Date.now(), this.unavailableAfterMs);
  }
}

async function askCollector(address: string): Promise<ServerInfo__Output> {
  const client = new CollectorClient(address);
  try {
    return await client.getServerInfo();
  } finally {
    client.close();
  }
}

function required(value: string, field: string): string {
  if (!value) throw new InvalidArgumentError(field, 'an instance id or name is required');
  return value;
}
