import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../proto/generated/autotune/v1/Session';
import { UnavailableError } from '../../lib/core/errors';
import { SERVICE_NAMES, autotuneV1 } from '../../lib/grpc/autotune-proto';
import { startGrpcServer, type RunningServer } from '../../lib/grpc/grpc-server';
import { unaryHandler } from '../../lib/grpc/unary-handler';

/**
 * unaryHandler's AbortSignal over a real grpc-js server on loopback: it aborts when the caller
 * gives up, and not when an answered call's stream closes (which grpc-js also reports as
 * 'cancelled').
 */
describe('unaryHandler cancellation over gRPC', () => {
  let server: RunningServer;
  let client: InstanceType<ReturnType<typeof autotuneV1>['Recommendation']>;
  const signals = new Map<string, AbortSignal>();
  const closed = new Map<string, Promise<void>>();

  beforeAll(async () => {
    const handler = unaryHandler('Recommendation.GetSession', async (request: { id?: string }, cancelled): Promise<Session> => {
      const id = request.id ?? '';
      signals.set(id, cancelled);
      // "slow" waits for the caller to give up and answers with why it stopped.
      if (id === 'slow') await new Promise((resolve) => cancelled.addEventListener('abort', resolve, { once: true }));
      return { id, status: 'finished' };
    });
    const GetSession: grpc.handleUnaryCall<{ id?: string }, Session> = (call, callback) => {
      closed.set(call.request.id ?? '', new Promise((resolve) => call.once('cancelled', () => resolve())));
      handler(call, callback);
    };
    server = await startGrpcServer({
      port: 0,
      services: [{ name: SERVICE_NAMES.recommendation, definition: autotuneV1().Recommendation.service, implementation: { GetSession } }],
    });
    client = new (autotuneV1().Recommendation)(server.address, grpc.credentials.createInsecure());
  });

  afterAll(async () => {
    client?.close();
    await server?.stop();
  });

  const getSession = (id: string, deadlineMs: number) =>
    new Promise<{ err: grpc.ServiceError | null }>((resolve) => client.getSession({ id }, { deadline: Date.now() + deadlineMs }, (err) => resolve({ err })));

  it('leaves the signal of an answered call alone when its stream closes', async () => {
    expect((await getSession('quick', 10_000)).err).toBeNull();
    await closed.get('quick');
    expect(signals.get('quick')?.aborted).toBe(false);
  });

  it('aborts the signal with UnavailableError naming the method when the deadline passes', async () => {
    const { err } = await getSession('slow', 200);
    expect(err?.code).toBe(grpc.status.DEADLINE_EXCEEDED);
    await closed.get('slow');
    const signal = signals.get('slow')!;
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBeInstanceOf(UnavailableError);
    expect((signal.reason as Error).message).toContain('Recommendation.GetSession: the caller cancelled the call');
  });
});
