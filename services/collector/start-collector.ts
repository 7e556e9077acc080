import { SERVICE_NAMES, autotuneV1 } from '../../lib/grpc/autotune-proto';
import type { ServerSecurity } from '../../lib/grpc/auth/server-security';
import { startGrpcServer, type RunningServer } from '../../lib/grpc/grpc-server';
import { DEFAULT_SERVICE_PORTS } from '../../lib/grpc/service-defaults';
import { observeCollectorReplies } from '../../lib/prometheus/collector-metrics';
import { collectorHandlers } from './collector-handlers';
import { CollectorService, type CollectorServiceOptions } from './collector-service';

// The CLI prints the default in its help.
export { defaultCollectorStateDir } from './original-config-file';

export interface StartCollectorOptions extends CollectorServiceOptions {
  /** @defaultValue 7002; 0 picks a free port */
  port?: number;
  /** @defaultValue '127.0.0.1' */
  listenHost?: string;
  /** Token, TLS, --insecure (lib/grpc/auth/server-security.ts). */
  security?: ServerSecurity;
}

/**
 * Starts the Collector gRPC service (with grpc.health.v1) next to one PostgreSQL server.
 * `stop()` kills running benchmarks, lets the calls end, then restores an unfinished change.
 */
export async function startCollector(options: StartCollectorOptions): Promise<RunningServer & { service: CollectorService }> {
  const service = await CollectorService.create(options);
  const running = await startGrpcServer({
    host: options.listenHost,
    security: options.security,
    port: options.port ?? DEFAULT_SERVICE_PORTS.collector,
    services: [
      { name: SERVICE_NAMES.collector, definition: autotuneV1().Collector.service, implementation: observeCollectorReplies(collectorHandlers(service)) },
    ],
  });
  return {
    ...running,
    service,
    stop: async () => {
      const closing = service.close();
      await running.stop();
      await closing;
    },
  };
}
