import { SERVICE_NAMES, autotuneV1 } from '../../lib/grpc/autotune-proto';
import type { ServerSecurity } from '../../lib/grpc/auth/server-security';
import { startGrpcServer, type RunningServer } from '../../lib/grpc/grpc-server';
import { DEFAULT_SERVICE_PORTS } from '../../lib/grpc/service-defaults';
import { leaseStore, type StoreArgument } from '../../lib/store/store-lease';
import { recommendationHandlers } from './recommendation-handlers';
import { RecommendationService, type RecommendationServiceOptions } from './recommendation-service';

export interface StartRecommendationOptions extends Omit<RecommendationServiceOptions, 'store'> {
  /** Where the metadata store is (opened here, closed by stop()), or an open store that stays the caller's. */
  store: StoreArgument;
  /** @defaultValue 7003; 0 picks a free port */
  port?: number;
  /** @defaultValue '127.0.0.1' */
  listenHost?: string;
  /** Token, TLS, --insecure (lib/grpc/auth/server-security.ts). */
  security?: ServerSecurity;
}

/**
 * Starts the Recommendation gRPC service (with grpc.health.v1) over the metadata store. stop()
 * ends open WatchSession streams first (UNAVAILABLE) so shutdown does not wait on them, then
 * lets go of the store.
 */
export async function startRecommendation(
  options: StartRecommendationOptions,
): Promise<RunningServer & { service: RecommendationService; storeWhere: string }> {
  const lease = await leaseStore(options.store);
  try {
    const service = new RecommendationService({ ...options, store: lease.store });
    const running = await startGrpcServer({
      host: options.listenHost,
      security: options.security,
      port: options.port ?? DEFAULT_SERVICE_PORTS.recommendation,
      services: [
        { name: SERVICE_NAMES.recommendation, definition: autotuneV1().Recommendation.service, implementation: recommendationHandlers(service) },
      ],
    });
    return {
      ...running,
      service,
      storeWhere: lease.where,
      stop: async () => {
        service.close();
        await running.stop();
        await lease.release();
      },
    };
  } catch (err) {
    await lease.release();
    throw err;
  }
}
