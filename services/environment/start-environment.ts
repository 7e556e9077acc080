import { SERVICE_NAMES, autotuneV1 } from '../../lib/grpc/autotune-proto';
import type { ServerSecurity } from '../../lib/grpc/auth/server-security';
import { startGrpcServer, type RunningServer } from '../../lib/grpc/grpc-server';
import { DEFAULT_SERVICE_PORTS } from '../../lib/grpc/service-defaults';
import { environmentHandlers } from './environment-handlers';
import { EnvironmentService } from './environment-service';

export interface StartEnvironmentOptions {
  /** @defaultValue 7004; 0 picks a free port */
  port?: number;
  /** @defaultValue '127.0.0.1' */
  listenHost?: string;
  /** Token, TLS, --insecure (lib/grpc/auth/server-security.ts). */
  security?: ServerSecurity;
}

/**
 * Starts the Environment gRPC service (with grpc.health.v1). It holds no server of its own:
 * each Open names the collector to work through. `stop()` also drops the open
 * environments' collector connections, without restoring their configurations (Close does that).
 */
export async function startEnvironment(options: StartEnvironmentOptions = {}): Promise<RunningServer & { service: EnvironmentService }> {
  const service = new EnvironmentService();
  const running = await startGrpcServer({
    host: options.listenHost,
    security: options.security,
    port: options.port ?? DEFAULT_SERVICE_PORTS.environment,
    services: [
      { name: SERVICE_NAMES.environment, definition: autotuneV1().Environment.service, implementation: environmentHandlers(service) },
    ],
  });
  return {
    ...running,
    service,
    stop: async () => {
      await running.stop();
      service.dispose();
    },
  };
}
