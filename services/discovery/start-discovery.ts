import { SERVICE_NAMES, autotuneV1 } from '../../lib/grpc/autotune-proto';
import { startGrpcServer, type RunningServer } from '../../lib/grpc/grpc-server';
import { DEFAULT_SERVICE_PORTS } from '../../lib/grpc/service-defaults';
import { discoveryHandlers } from './discovery-handlers';
import { DiscoveryService, type DiscoveryServiceOptions } from './discovery-service';

export interface StartDiscoveryOptions extends DiscoveryServiceOptions {
  /** @defaultValue 7001; 0 picks a free port */
  port?: number;
  /** @defaultValue '127.0.0.1' */
  listenHost?: string;
}

/**
 * Starts the Discovery gRPC service (with grpc.health.v1) over the metadata store. The store
 * stays the caller's: stop() does not close it.
 */
export async function startDiscovery(options: StartDiscoveryOptions): Promise<RunningServer & { service: DiscoveryService }> {
  const service = new DiscoveryService(options);
  const running = await startGrpcServer({
    host: options.listenHost,
    port: options.port ?? DEFAULT_SERVICE_PORTS.discovery,
    services: [{ name: SERVICE_NAMES.discovery, definition: autotuneV1().Discovery.service, implementation: discoveryHandlers(service) }],
  });
  return { ...running, service };
}
