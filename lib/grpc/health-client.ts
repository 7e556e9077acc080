import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { protoPath } from 'grpc-health-check';
import { PROTO_LOADER_OPTIONS } from '../../proto/loader-options';
import { clientChannel } from './channel-credentials';
import { unaryCall } from './unary-call';

type HealthStatus = 'UNKNOWN' | 'SERVING' | 'NOT_SERVING' | 'SERVICE_UNKNOWN';

interface HealthStub extends grpc.Client {
  check(
    request: { service: string },
    options: grpc.CallOptions,
    callback: grpc.requestCallback<{ status: HealthStatus }>,
  ): grpc.ClientUnaryCall;
}

let HealthCtor: (new (address: string, credentials: grpc.ChannelCredentials, options: grpc.ClientOptions) => HealthStub) | undefined;

/** Asks a server's grpc.health.v1 service how `service` ('' for the whole server) is doing. */
export async function checkHealth(address: string, service = '', timeoutMs = 5_000): Promise<HealthStatus> {
  if (!HealthCtor) {
    const root = grpc.loadPackageDefinition(loadSync(protoPath, PROTO_LOADER_OPTIONS)) as unknown as {
      grpc: { health: { v1: { Health: typeof HealthCtor } } };
    };
    HealthCtor = root.grpc.health.v1.Health;
  }
  // Health is open on every server (server-auth-interceptor.ts); the channel still needs TLS where the server has it.
  const channel = clientChannel();
  const stub = new HealthCtor!(address, channel.credentials, channel.options);
  try {
    const reply = await unaryCall<{ status: HealthStatus }>(`health of ${address}`, timeoutMs, (o, cb) => stub.check({ service }, o, cb));
    return reply.status;
  } finally {
    stub.close();
  }
}
