import type { DiscoveryClient as GeneratedDiscoveryClient } from '../../../proto/generated/autotune/v1/Discovery';
import type { HeartbeatResponse__Output } from '../../../proto/generated/autotune/v1/HeartbeatResponse';
import type { RegisterInstanceRequest } from '../../../proto/generated/autotune/v1/RegisterInstanceRequest';
import type { Instance__Output } from '../../../proto/generated/autotune/v1/Instance';
import type { ListInstancesResponse__Output } from '../../../proto/generated/autotune/v1/ListInstancesResponse';
import { autotuneV1 } from '../autotune-proto';
import { clientChannel, type ClientSecurity } from '../channel-credentials';
import { unaryCall } from '../unary-call';

/** Registering waits for the collector's answer (its own deadline is 30 s) and the store. */
const REGISTER_TIMEOUT_MS = 45_000;
const READ_TIMEOUT_MS = 15_000;

/** A promise-based client of the Discovery service; errors arrive as the named errors of lib/core/errors. */
export class DiscoveryClient {
  private readonly client: GeneratedDiscoveryClient;
  private readonly what: string;

  /** `security`: the process's own (channel-credentials.ts) unless given. */
  constructor(readonly address: string, security?: ClientSecurity) {
    const channel = clientChannel(security);
    this.client = new (autotuneV1().Discovery)(address, channel.credentials, channel.options);
    this.what = `discovery at ${address}`;
  }

  /** Registers the instance served by the collector at `collectorAddress`, or updates the one of this name. */
  registerInstance(name: string, collectorAddress: string, settings: Omit<RegisterInstanceRequest, 'name' | 'collectorAddress'> = {}): Promise<Instance__Output> {
    return unaryCall(this.what, REGISTER_TIMEOUT_MS, (o, cb) => this.client.registerInstance({ ...settings, name, collectorAddress }, o, cb));
  }

  /** By id or name. */
  getInstance(idOrName: string): Promise<Instance__Output> {
    return unaryCall(this.what, READ_TIMEOUT_MS, (o, cb) => this.client.getInstance({ id: idOrName }, o, cb));
  }

  async listInstances(): Promise<Instance__Output[]> {
    const reply = await unaryCall<ListInstancesResponse__Output>(this.what, READ_TIMEOUT_MS, (o, cb) => this.client.listInstances({}, o, cb));
    return reply.instances;
  }

  /** Marks the instance alive; returns when (ms since the epoch). */
  async heartbeat(idOrName: string): Promise<number> {
    const reply = await unaryCall<HeartbeatResponse__Output>(this.what, READ_TIMEOUT_MS, (o, cb) => this.client.heartbeat({ id: idOrName }, o, cb));
    return reply.atMs;
  }

  async deregisterInstance(idOrName: string): Promise<void> {
    await unaryCall(this.what, READ_TIMEOUT_MS, (o, cb) => this.client.deregisterInstance({ id: idOrName }, o, cb));
  }

  close(): void {
    this.client.close();
  }
}
