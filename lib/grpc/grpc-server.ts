import * as grpc from '@grpc/grpc-js';
import { HealthImplementation } from 'grpc-health-check';
import { UnavailableError } from '../core/errors';
import { bearerAuthInterceptor } from './auth/server-auth-interceptor';
import { checkExposure, serverCredentials, type ServerSecurity } from './auth/server-security';
import { keepFrozenResponseBytes } from './frozen-response-bytes';
import { guardMalformedRequests } from './malformed-request-guard';
import { rpcMetricsInterceptor } from './rpc-metrics';
import { DEFAULT_LISTEN_HOST } from './service-defaults';

export interface ServiceRegistration {
  /** Fully qualified name for the health service, e.g. autotune.v1.Collector. */
  name: string;
  definition: grpc.ServiceDefinition;
  implementation: grpc.UntypedServiceImplementation;
}

export interface GrpcServerOptions {
  /** @defaultValue '127.0.0.1' (loopback: exposing a service is a deliberate choice) */
  host?: string;
  /** 0 picks a free port. */
  port: number;
  services: ServiceRegistration[];
  /** Token, TLS, --insecure. @defaultValue {}: plaintext without a token, which only loopback allows */
  security?: ServerSecurity;
}

export interface RunningServer {
  server: grpc.Server;
  port: number;
  address: string;
  health: HealthImplementation;
  stop(): Promise<void>;
}

/**
 * Starts a gRPC server with the given services and the standard grpc.health.v1 service. Every
 * call is counted (rpc-metrics.ts) and, when a token is set, must carry it (health checks
 * excepted); without a token it listens only on loopback unless `security.insecure`. A frozen
 * response is encoded once (frozen-response-bytes.ts).
 */
export async function startGrpcServer(options: GrpcServerOptions): Promise<RunningServer> {
  const host = options.host ?? DEFAULT_LISTEN_HOST;
  const security = options.security ?? {};
  checkExposure(host, security);
  const credentials = serverCredentials(security);
  // The metrics interceptor first: innermost, it sees the status the auth interceptor sends.
  const interceptors = [rpcMetricsInterceptor, ...(security.token ? [bearerAuthInterceptor(security.token)] : [])];
  const server = new grpc.Server({ interceptors });
  const health = new HealthImplementation({ '': 'SERVING' });
  for (const service of options.services) {
    const guarded = guardMalformedRequests(keepFrozenResponseBytes(service.definition), service.implementation);
    server.addService(guarded.definition, guarded.implementation);
    health.setStatus(service.name, 'SERVING');
  }
  health.addToServer(server);
  const hostPort = `${host.includes(':') ? `[${host}]` : host}:${options.port}`;
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(hostPort, credentials, (err, bound) => {
      if (err) reject(new UnavailableError(`cannot listen on ${hostPort}: ${err.message}`, { cause: err }));
      else resolve(bound);
    });
  });
  const address = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    server,
    port,
    address,
    health,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const service of options.services) health.setStatus(service.name, 'NOT_SERVING');
        // Give in-flight calls a moment, then cut what is left so shutdown never hangs.
        const timer = setTimeout(() => server.forceShutdown(), 5_000);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      }),
  };
}
