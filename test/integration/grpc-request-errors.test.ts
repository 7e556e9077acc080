import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICE_NAMES, autotuneV1 } from '../../lib/grpc/autotune-proto';
import { startGrpcServer, type RunningServer } from '../../lib/grpc/grpc-server';
import { unaryHandler } from '../../lib/grpc/unary-handler';

// A real server on loopback with the real Recommendation definition; the handlers are
// trivial because what is under test is the plumbing every service shares.
let server: RunningServer;
let client: grpc.Client;
let handlerCalls = 0;

// Not a protobuf message: field 1 with wire type 7, which does not exist.
const GARBAGE = Buffer.from([0x0f, 0xff, 0xff, 0xff, 0xff]);
const identity = (b: Buffer) => b;

beforeAll(async () => {
  const definition = autotuneV1().Recommendation.service;
  const implementation: grpc.UntypedServiceImplementation = {
    GetSession: unaryHandler('Recommendation.GetSession', async () => {
      handlerCalls++;
      throw new Error('could not open /etc/secret-file: password=hunter2');
    }),
    WatchSession: ((call: grpc.ServerWritableStream<unknown, unknown>) => {
      handlerCalls++;
      call.end();
    }) as grpc.UntypedHandleCall,
  };
  server = await startGrpcServer({ port: 0, services: [{ name: SERVICE_NAMES.recommendation, definition, implementation }] });
  client = new grpc.Client(server.address, grpc.credentials.createInsecure());
});

afterAll(async () => {
  client?.close();
  await server?.stop();
});

function unary(path: string, body: Buffer): Promise<grpc.ServiceError> {
  return new Promise((resolve, reject) => {
    client.makeUnaryRequest(path, identity, identity, body, (err) => (err ? resolve(err) : reject(new Error('expected a failure'))));
  });
}

describe('gRPC request errors', () => {
  it('answers bytes that are not a protobuf message with INVALID_ARGUMENT, before any handler runs', async () => {
    const before = handlerCalls;
    const err = await unary('/autotune.v1.Recommendation/GetSession', GARBAGE);
    expect(err.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(err.details).toBe('request: not a valid protobuf message for /autotune.v1.Recommendation/GetSession');
    const stream = client.makeServerStreamRequest('/autotune.v1.Recommendation/WatchSession', identity, identity, GARBAGE);
    const streamErr = await new Promise<grpc.ServiceError>((resolve) => {
      stream.on('error', resolve);
      stream.on('data', () => undefined);
    });
    expect(streamErr.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(handlerCalls).toBe(before);
  });

  it('answers an unexpected error with INTERNAL and none of its message', async () => {
    const err = await unary('/autotune.v1.Recommendation/GetSession', Buffer.alloc(0));
    expect(err.code).toBe(grpc.status.INTERNAL);
    expect(err.details).toBe("internal error in Recommendation.GetSession; the service's log has the details");
    expect(err.details).not.toMatch(/secret|hunter2/);
  });
});
