import type { DiscoveryHandlers } from '../../proto/generated/autotune/v1/Discovery';
import { unaryHandler } from '../../lib/grpc/unary-handler';
import type { DiscoveryService } from './discovery-service';

/** The gRPC face of a DiscoveryService. */
export function discoveryHandlers(service: DiscoveryService): DiscoveryHandlers {
  return {
    RegisterInstance: unaryHandler('Discovery.RegisterInstance', (r) => service.register(r)),
    GetInstance: unaryHandler('Discovery.GetInstance', (r) => service.get(r.id)),
    ListInstances: unaryHandler('Discovery.ListInstances', async () => ({ instances: await service.list() })),
    Heartbeat: unaryHandler('Discovery.Heartbeat', async (r) => ({ atMs: await service.heartbeat(r.id) })),
    DeregisterInstance: unaryHandler('Discovery.DeregisterInstance', async (r) => {
      await service.deregister(r.id);
      return {};
    }),
  };
}
