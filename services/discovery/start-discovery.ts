import { SERVICE_NAMES, autotuneV1 } from '../../lib/grpc/autotune-proto';
import type { ServerSecurity } from '../../lib/grpc/auth/server-security';
import { startGrpcServer, type RunningServer } from '../../lib/grpc/grpc-server';
import { DEFAULT_SERVICE_PORTS } from '../../lib/grpc/service-defaults';
import { leaseStore, type StoreArgument } from '../../lib/store/store-lease';
import { discoveryHandlers } from './discovery-handlers';
import { DiscoveryService, type DiscoveryServiceOptions } from './discovery-service';

export interface StartDiscoveryOptions extends Omit<DiscoveryServiceOptions, 'store'> {
  /** Where the metadata store is (opened here, closed by stop()), or an open store that stays the caller's. */
  store: StoreArgument;
  /** @defaultValue 7001; 0 picks a free port */
  port?: number;
  /** @defaultValue '127.0.0.1' */
  listenHost?: string;
  /** Token, TLS, --insecure (lib/grpc/auth/server-security.ts). */
  security?: ServerSecurity;
}

/** Starts the Discovery gRPC service (with grpc.health.v1) over the metadata store. */
export async function startDiscovery(
  options: StartDiscoveryOptions,
): Promise<RunningServer & { service: DiscoveryService; storeWhere: string }> {
  const lease = await leaseStore(options.store);
  try {
    const service = new DiscoveryService({ ...options, store: lease.store });
    const running = await startGrpcServer({
      host: options.listenHost,
      security: options.security,
      port: options.port ?? DEFAULT_SERVICE_PORTS.discovery,
      services: [{ name: SERVICE_NAMES.discovery, definition: autotuneV1().Discovery.service, implementation: discoveryHandlers(service) }],
    });
    return {
      ...running,
      service,
      storeWhere: lease.where,
      stop: async () => {
        await running.stop();
        await lease.release();
      },
    };
  } catch (err) {
    await lease.release();
    throw err;
  }
}
