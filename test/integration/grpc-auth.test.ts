import * as grpc from '@grpc/grpc-js';
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnauthenticatedError } from '../../lib/core/errors';
import { logger } from '../../lib/core/logger';
import { BearerToken } from '../../lib/grpc/auth/bearer-token';
import { SERVICE_NAMES, autotuneV1 } from '../../lib/grpc/autotune-proto';
import { useClientSecurity } from '../../lib/grpc/channel-credentials';
import { RecommendationClient } from '../../lib/grpc/clients/recommendation-client';
import { startGrpcServer, type RunningServer } from '../../lib/grpc/grpc-server';
import { checkHealth } from '../../lib/grpc/health-client';
import { unaryHandler } from '../../lib/grpc/unary-handler';

// A real server on loopback with the real Recommendation definition and a trivial handler:
// what is under test is the check every service shares, in front of any handler.
const secret = randomBytes(24).toString('hex');
const token = new BearerToken(secret, 'test');
let server: RunningServer;
let handlerCalls = 0;
const logged: string[] = [];

beforeAll(async () => {
  const implementation: grpc.UntypedServiceImplementation = {
    GetSession: unaryHandler('Recommendation.GetSession', async (request: { id: string }) => {
      handlerCalls++;
      return { id: request.id, status: 'pending' };
    }),
  };
  const definition = autotuneV1().Recommendation.service;
  server = await startGrpcServer({ port: 0, services: [{ name: SERVICE_NAMES.recommendation, definition, implementation }], security: { token } });
  // Every line the services' logger writes while the tests run, to look for the token in.
  const stream = (logger as unknown as Record<symbol, { write(line: string): boolean }>)[pino.symbols.streamSym];
  const write = stream.write.bind(stream);
  stream.write = (line: string) => {
    logged.push(line);
    return write(line);
  };
});

afterAll(async () => {
  useClientSecurity({});
  await server?.stop();
});

async function getSession(security: { token?: BearerToken }) {
  const client = new RecommendationClient(server.address, security);
  try {
    return await client.getSession('s-1');
  } finally {
    client.close();
  }
}

describe('bearer token on every call', () => {
  it('refuses a call without a token with UNAUTHENTICATED, before the handler runs', async () => {
    const before = handlerCalls;
    const err = await getSession({}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnauthenticatedError);
    expect((err as Error).message).toContain('no bearer token');
    expect(handlerCalls).toBe(before);
  });

  it('refuses a wrong token with UNAUTHENTICATED and never echoes a token', async () => {
    const wrong = new BearerToken(randomBytes(24).toString('hex'), 'test');
    const err = await getSession({ token: wrong }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnauthenticatedError);
    expect((err as Error).message).toContain('wrong bearer token');
    expect((err as Error).message).not.toContain(wrong.header().slice(7));
    expect((err as Error).message).not.toContain(secret);
  });

  it('answers a call with the right token', async () => {
    expect((await getSession({ token })).id).toBe('s-1');
  });

  it('takes the process credentials when a client is given none (what services use for each other)', async () => {
    useClientSecurity({ token });
    try {
      const client = new RecommendationClient(server.address);
      expect((await client.getSession('s-2')).id).toBe('s-2');
      client.close();
    } finally {
      useClientSecurity({});
    }
  });

  it('keeps health checks open', async () => {
    expect(await checkHealth(server.address, SERVICE_NAMES.recommendation)).toBe('SERVING');
  });

  it('writes no token into any log line', async () => {
    await getSession({ token: new BearerToken(`wrong-${secret}`, 'test') }).catch(() => undefined);
    expect(logged.some((line) => line.includes('call refused'))).toBe(true);
    expect(logged.filter((line) => line.includes(secret))).toEqual([]);
    expect(JSON.stringify({ token })).not.toContain(secret);
  });
});

describe('exposure without a token', () => {
  it('refuses to listen beyond loopback without a token, and says how to allow it', async () => {
    const definition = autotuneV1().Recommendation.service;
    const err = await startGrpcServer({ host: '0.0.0.0', port: 0, services: [{ name: SERVICE_NAMES.recommendation, definition, implementation: {} }] }).catch(
      (e: unknown) => e,
    );
    expect((err as Error).message).toMatch(/refusing to listen on 0\.0\.0\.0 without a bearer token.*--insecure/);
  });

  it('listens beyond loopback with --insecure', async () => {
    const definition = autotuneV1().Recommendation.service;
    const open = await startGrpcServer({ host: '0.0.0.0', port: 0, services: [{ name: SERVICE_NAMES.recommendation, definition, implementation: {} }], security: { insecure: true } });
    await open.stop();
  });
});
