import type { Instance } from '../../proto/generated/autotune/v1/Instance';
import type { ServerInfo__Output } from '../../proto/generated/autotune/v1/ServerInfo';
import { CollectorClient } from '../../lib/grpc/clients/collector-client';
import { FailedPreconditionError, InvalidArgumentError, NotFoundError, UnavailableError, errorMessage } from '../../lib/core/errors';
import { collectorHoldsTarget } from '../../lib/grpc/collector-holds-target';
import type { MetadataStore } from '../../lib/store/metadata-store';
import { checkServiceAddress } from '../../lib/grpc/service-address';
import { toInstanceMessage } from './instance-message';
import { instanceStatus } from './instance-status';
import { checkInstanceName } from '../../lib/grpc/instance-name';
import { INSTANCE_HEARTBEAT } from '../../lib/grpc/service-defaults';
import { carriesSettings, checkInstanceSettings, type InstanceSettingsRequest } from '../../lib/session/instance-settings';
import { collectorProblemLine } from '../../lib/session/collector-problem-line';
import { checkInstanceTarget, type InstanceTarget } from '../../lib/session/instance-target';

/** RegisterInstanceRequest: the instance's name, and its collector or its target (or both), and settings. */
export type RegisterRequest = { name: string; collectorAddress: string; target?: string; dataDir?: string; collectorProblem?: string } & InstanceSettingsRequest;

export interface DiscoveryServiceOptions {
  store: MetadataStore;
  /**
   * Heartbeat age after which an instance is reported unavailable.
   * @defaultValue INSTANCE_HEARTBEAT.unavailableAfterMs (90 s)
   */
  unavailableAfterMs?: number;
  /** How to ask a collector what it serves (within `timeoutMs` when given). @defaultValue CollectorClient.getServerInfo */
  fetchServerInfo?: (collectorAddress: string, timeoutMs?: number) => Promise<ServerInfo__Output>;
}

/**
 * The registry of target instances and the collector serving each, over the metadata store.
 * Registering asks the collector what it serves (version, host memory and CPUs, the target's
 * password-free DSN), so an instance in the registry is one that answered at least once.
 */
export class DiscoveryService {
  private readonly store: MetadataStore;
  private readonly unavailableAfterMs: number;
  private readonly fetchServerInfo: (collectorAddress: string, timeoutMs?: number) => Promise<ServerInfo__Output>;

  constructor(options: DiscoveryServiceOptions) {
    this.store = options.store;
    this.unavailableAfterMs = options.unavailableAfterMs ?? INSTANCE_HEARTBEAT.unavailableAfterMs;
    if (!(this.unavailableAfterMs >= 0)) throw new InvalidArgumentError('unavailableAfterMs', `must be >= 0, got ${this.unavailableAfterMs}`);
    this.fetchServerInfo = options.fetchServerInfo ?? askCollector;
  }

  /**
   * Registers the instance, or updates the one of this name (a new address, fresh server info):
   * registering again is how a moved collector is announced. A request carrying any of
   * workload, knobs, limits or labels replaces all four (an instance file says everything); one
   * carrying none keeps the stored ones, so a collector announcing itself again (`serve
   * collector --register`) does not wipe what a person registered.
   *
   * Who serves it: a collector address alone means the instance brings its own collector (a
   * stored target is dropped, so `serve all` stops the one it ran); a target alone asks `serve
   * all` to start a collector for it (nothing is dialled, it is not alive until that collector
   * is announced); both are `serve all` announcing that collector. Only a collector address
   * counts as a heartbeat. An announcement never displaces another collector that still holds
   * the target (collector-holds-target.ts: beating, reachable, serving it), nor one announced
   * meanwhile (announcedOver): of two `serve all` on one store that started a collector for
   * the target at once, the first to announce keeps it, and the other stops its own.
   * @throws InvalidArgumentError for a bad name, address, target, data directory or setting
   *   (named: `target`, `limits.max_clients`, `labels`, ...), UnavailableError naming the
   *   address when the collector does not answer, FailedPreconditionError naming the session or
   *   change when it changes (or drops) the target of an instance a session or a change holds,
   *   or naming the collector when an announcement would displace one that holds the target;
   *   with collector_problem, NotFoundError or FailedPreconditionError unless the instance is
   *   registered with that target (a report never registers it again).
   */
  async register(request: RegisterRequest): Promise<Instance> {
    const name = checkInstanceName(request.name);
    const registered = request.target ? checkInstanceTarget({ target: request.target, dataDir: request.dataDir }) : undefined;
    if (!registered && request.dataDir) throw new InvalidArgumentError('data_dir', 'only applies with target: the collector `serve all` starts restarts the server with it');
    if (!registered && !request.collectorAddress) {
      throw new InvalidArgumentError('collector_address', 'give the address of its collector (host:port), or a target DSN for which `serve all` starts one');
    }
    const collectorAddress = request.collectorAddress ? checkServiceAddress(request.collectorAddress, 'collector_address') : '';
    if (request.collectorProblem && (!registered || collectorAddress)) {
      throw new InvalidArgumentError('collector_problem', 'only with target and without collector_address: `serve all` saying why the collector it started for the target does not serve');
    }
    // Checked before the collector is asked: a bad file should not wait for a network answer.
    const settings = carriesSettings(request) ? checkInstanceSettings(request) : undefined;
    let info: ServerInfo__Output | undefined;
    if (collectorAddress) {
      try {
        info = await this.fetchServerInfo(collectorAddress);
      } catch (err) {
        throw new UnavailableError(`collector at ${collectorAddress} does not answer GetServerInfo: ${errorMessage(err)}`, { cause: err });
      }
    }
    const announcedOver = registered && collectorAddress ? await this.displaced(name, registered, collectorAddress) : undefined;
    const record = await this.store.instances.upsert({
      name,
      collectorAddress,
      ...(registered ? { registered } : {}),
      ...(announcedOver !== undefined ? { announcedOver } : {}),
      // The collector reports its target already without password; the store describes it again.
      target: info?.target || undefined,
      serverVersion: info?.serverVersion || undefined,
      hostMemoryBytes: info?.hostMemoryBytes || undefined,
      hostCpus: info?.hostCpus || undefined,
      ...(settings ? { settings } : {}),
      ...(request.collectorProblem ? { collectorProblem: collectorProblemLine(request.collectorProblem) } : {}),
    });
    return this.message(record);
  }

  /**
   * The collector address `serve all`'s announcement of `address` for this target replaces ('':
   * none), once the stored one no longer holds the target (collector-holds-target.ts): two
   * collectors on one server would each put back what the other changed, and a collector in
   * use must not be stopped because another was announced over it.
   * @throws FailedPreconditionError naming the stored collector while it holds the target
   */
  private async displaced(name: string, registered: InstanceTarget, address: string): Promise<string> {
    let stored;
    try {
      stored = await this.store.instances.get(name);
    } catch (err) {
      if (err instanceof NotFoundError) return '';
      throw err;
    }
    const current = stored.collectorAddress;
    const sameTarget = stored.registered?.target === registered.target && stored.registered.dataDir === (registered.dataDir ?? null);
    if (!current || current === address || !sameTarget) return current;
    const heartbeatFresh = instanceStatus(stored.lastHeartbeatAt, Date.now(), this.unavailableAfterMs) === 'alive';
    if (await collectorHoldsTarget({ collectorAddress: current, heartbeatFresh, target: registered.target }, this.fetchServerInfo)) {
      throw new FailedPreconditionError(
        `instance "${name}" is served by the collector at ${current}, which beats and serves its target; a second collector for it is not announced (another \`serve all\` on this store runs it)`,
      );
    }
    return current;
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
   * Removes the instance with its finished sessions and their history (the collector `serve
   * all` ran for it stops).
   * @throws FailedPreconditionError while a session on it is active (stop it first) or a
   *   configuration change holds it, decided under its row lock; NotFoundError for an unknown instance.
   */
  async deregister(idOrName: string): Promise<void> {
    await this.store.instances.remove(required(idOrName, 'id'));
  }

  private message(record: Parameters<typeof toInstanceMessage>[0]): Instance {
    return toInstanceMessage(record, Date.now(), this.unavailableAfterMs);
  }
}

async function askCollector(address: string, timeoutMs?: number): Promise<ServerInfo__Output> {
  const client = new CollectorClient(address);
  try {
    return await client.getServerInfo(timeoutMs);
  } finally {
    client.close();
  }
}

function required(value: string, field: string): string {
  if (!value) throw new InvalidArgumentError(field, 'an instance id or name is required');
  return value;
}
