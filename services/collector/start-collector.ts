import { SERVICE_NAMES, autotuneV1 } from '../../lib/grpc/autotune-proto';
import type { ServerSecurity } from '../../lib/grpc/auth/server-security';
import { startGrpcServer, type RunningServer } from '../../lib/grpc/grpc-server';
import { DEFAULT_SERVICE_PORTS } from '../../lib/grpc/service-defaults';
import { observeCollectorReplies } from '../../lib/prometheus/collector-metrics';
import { InvalidArgumentError } from '../../lib/core/errors';
import { collectorHandlers } from './collector-handlers';
import { CollectorRegistration, type CollectorRegistrationOptions } from './collector-registration';
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
  /**
   * Register with Discovery once serving, and heartbeat until stopped. `collectorAddress`
   * (what Discovery and the trainers dial) defaults to the address it listens on.
   */
  register?: Omit<CollectorRegistrationOptions, 'collectorAddress'> & { collectorAddress?: string };
}

/**
 * Starts the Collector gRPC service (with grpc.health.v1) next to one PostgreSQL server.
 * `stop()` kills running benchmarks, lets the calls end, then restores an unfinished change.
 */
export async function startCollector(options: StartCollectorOptions): Promise<RunningServer & { service: CollectorService }> {
  if (options.register && !options.register.collectorAddress && isWildcard(options.listenHost)) {
    throw new InvalidArgumentError('--advertise', `listening on ${options.listenHost} (every interface) needs the address Discovery should dial, e.g. --advertise db-1.internal:7002`);
  }
  const service = await CollectorService.create(options);
  // A port taken must not leave the state record's lock held (and a change adopted at start
  // unrestored) in a process that lives on: close puts back and releases, as a stop does.
  const running = await startGrpcServer({
    host: options.listenHost,
    security: options.security,
    port: options.port ?? DEFAULT_SERVICE_PORTS.collector,
    services: [
      { name: SERVICE_NAMES.collector, definition: autotuneV1().Collector.service, implementation: observeCollectorReplies(collectorHandlers(service)) },
    ],
  }).catch(async (err: unknown) => {
    await service.close();
    throw err;
  });
  const registration = options.register && CollectorRegistration.start({ ...options.register, collectorAddress: options.register.collectorAddress ?? running.address });
  return {
    ...running,
    service,
    stop: async () => {
      // Beats stop first: the instance turns unavailable rather than failing calls.
      await registration?.stop();
      const closing = service.close();
      await running.stop();
      await closing;
    },
  };
}

function isWildcard(host: string | undefined): boolean {
  return host === '0.0.0.0' || host === '::' || host === '[::]';
}
