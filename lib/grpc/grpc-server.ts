import * as grpc from '@grpc/grpc-js';
import { HealthImplementation } from 'grpc-health-check';
import { UnavailableError } from '../core/errors';
import { guardMalformedRequests } from './malformed-request-guard';
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
}

export interface RunningServer {
  server: grpc.Server;
  port: number;
  address: string;
  health: HealthImplementation;
  stop(): Promise<void>;
}

/** Starts a gRPC server with the given services and the standard grpc.health.v1 service. */
export async function startGrpcServer(options: GrpcServerOptions): Promise<RunningServer> {
  const host = options.host ?? DEFAULT_LISTEN_HOST;
  const server = new grpc.Server();
  const health = new HealthImplementation({ '': 'SERVING' });
  for (const service of options.services) {
    const guarded = guardMalformedRequests(service.definition, service.implementation);
    server.addService(guarded.definition, guarded.implementation);
    health.setStatus(service.name, 'SERVING');
  }
  health.addToServer(server);
  const hostPort = `${host.includes(':') ? `[${host}]` : host}:${options.port}`;
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(hostPort, grpc.ServerCredentials.createInsecure(), (err, bound) => {
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
