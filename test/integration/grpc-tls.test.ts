import * as grpc from '@grpc/grpc-js';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnauthenticatedError, UnavailableError } from '../../lib/core/errors';
import { BearerToken } from '../../lib/grpc/auth/bearer-token';
import { SERVICE_NAMES, autotuneV1 } from '../../lib/grpc/autotune-proto';
import { useClientSecurity, type ClientSecurity } from '../../lib/grpc/channel-credentials';
import { RecommendationClient } from '../../lib/grpc/clients/recommendation-client';
import { startGrpcServer, type RunningServer } from '../../lib/grpc/grpc-server';
import { checkHealth } from '../../lib/grpc/health-client';
import { unaryHandler } from '../../lib/grpc/unary-handler';

// A self-signed certificate made here with openssl (node:crypto cannot write X.509), valid
// for 127.0.0.1, so the client checks it against itself as the CA.
const hasOpenssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-autotune-tls-'));
const certFile = path.join(dir, 'cert.pem');
const keyFile = path.join(dir, 'key.pem');
const token = new BearerToken(randomBytes(24).toString('hex'), 'test');
let server: RunningServer;

describe.skipIf(!hasOpenssl)('TLS (skipped: no openssl on this machine to make a certificate)', () => {
  beforeAll(async () => {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-keyout', keyFile, '-out', certFile,
    ], { stdio: 'ignore' });
    const implementation: grpc.UntypedServiceImplementation = {
      GetSession: unaryHandler('Recommendation.GetSession', async (request: { id: string }) => ({ id: request.id, status: 'pending' })),
    };
    const definition = autotuneV1().Recommendation.service;
    server = await startGrpcServer({
      port: 0,
      services: [{ name: SERVICE_NAMES.recommendation, definition, implementation }],
      security: { token, tls: { certFile, keyFile } },
    });
  });

  afterAll(async () => {
    useClientSecurity({});
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function getSession(security: ClientSecurity) {
    const client = new RecommendationClient(server.address, security);
    try {
      return await client.getSession('s-1');
    } finally {
      client.close();
    }
  }

  it('answers over TLS with the token sent as call credentials', async () => {
    expect((await getSession({ token, tls: { caFile: certFile } })).id).toBe('s-1');
  });

  it('still wants the token over TLS', async () => {
    await expect(getSession({ tls: { caFile: certFile } })).rejects.toBeInstanceOf(UnauthenticatedError);
  });

  it('does not talk to a plaintext client', async () => {
    await expect(getSession({ token })).rejects.toBeInstanceOf(UnavailableError);
  });

  it('answers health checks over TLS without a token', async () => {
    useClientSecurity({ tls: { caFile: certFile } });
    expect(await checkHealth(server.address, SERVICE_NAMES.recommendation)).toBe('SERVING');
  });

  it('with mutual TLS, lets in only callers that show a certificate the client CA signed', async () => {
    const clientKey = path.join(dir, 'client-key.pem');
    const clientCert = path.join(dir, 'client.pem');
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', '/CN=pg-autotune-client', '-keyout', clientKey, '-out', clientCert,
    ], { stdio: 'ignore' });
    const implementation: grpc.UntypedServiceImplementation = {
      GetSession: unaryHandler('Recommendation.GetSession', async (request: { id: string }) => ({ id: request.id, status: 'pending' })),
    };
    const mutual = await startGrpcServer({
      port: 0,
      services: [{ name: SERVICE_NAMES.recommendation, definition: autotuneV1().Recommendation.service, implementation }],
      security: { token, tls: { certFile, keyFile, clientCaFile: clientCert } },
    });
    const call = async (security: ClientSecurity) => {
      const client = new RecommendationClient(mutual.address, security);
      try {
        return await client.getSession('s-m');
      } finally {
        client.close();
      }
    };
    try {
      expect((await call({ token, tls: { caFile: certFile, certFile: clientCert, keyFile: clientKey } })).id).toBe('s-m');
      await expect(call({ token, tls: { caFile: certFile } })).rejects.toBeInstanceOf(UnavailableError);
      // The server's own certificate is not one the client CA signed.
      await expect(call({ token, tls: { caFile: certFile, certFile, keyFile } })).rejects.toBeInstanceOf(UnavailableError);
    } finally {
      await mutual.stop();
    }
  });

  it('names the flag of a certificate file it cannot read, not its contents', async () => {
    const definition = autotuneV1().Recommendation.service;
    const err = await startGrpcServer({
      port: 0,
      services: [{ name: SERVICE_NAMES.recommendation, definition, implementation: {} }],
      security: { token, tls: { certFile: path.join(dir, 'missing.pem'), keyFile } },
    }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/^--tls-cert: cannot read .*missing\.pem: ENOENT$/);
  });
});
