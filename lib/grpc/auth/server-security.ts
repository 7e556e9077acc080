import * as grpc from '@grpc/grpc-js';
import { FailedPreconditionError } from '../../core/errors';
import type { BearerToken } from './bearer-token';
import { readPem } from './pem-file';

/** How a server lets callers in. Everything unset: plaintext, no token (loopback only). */
export interface ServerSecurity {
  /** Every call but health checks must carry it (server-auth-interceptor.ts). */
  token?: BearerToken;
  /**
   * `--tls-cert FILE --tls-key FILE`: PEM files of the server's certificate chain and key;
   * `--tls-client-ca FILE`: mutual TLS, only callers with a certificate this CA signed get in.
   */
  tls?: { certFile: string; keyFile: string; clientCaFile?: string };
  /** `--insecure`: listen beyond loopback without a token, on purpose. @defaultValue false */
  insecure?: boolean;
}

/**
 * Refuses to expose a service nobody has to authenticate to: without a token, a server may
 * listen only on loopback, where the local `tune` stack and its tests run, unless `--insecure`
 * says it is meant (a private network, a proxy that checks callers).
 * @throws FailedPreconditionError naming the host and the two ways out.
 */
export function checkExposure(host: string, security: ServerSecurity): void {
  if (security.token || security.insecure || isLoopback(host)) return;
  throw new FailedPreconditionError(
    `refusing to listen on ${host} without a bearer token: anyone who reaches the port could call it; ` +
      'set PG_AUTOTUNE_TOKEN or --token-file FILE, or pass --insecure to accept that',
  );
}

/** 127.0.0.0/8, ::1 and localhost; 0.0.0.0 and :: are every interface, so not loopback. */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare);
}

/** TLS from the PEM files when given, else plaintext. @throws InvalidArgumentError naming the flag of a file it cannot read. */
export function serverCredentials(security: ServerSecurity): grpc.ServerCredentials {
  if (!security.tls) return grpc.ServerCredentials.createInsecure();
  const cert = readPem(security.tls.certFile, '--tls-cert');
  const key = readPem(security.tls.keyFile, '--tls-key');
  const clientCa = security.tls.clientCaFile ? readPem(security.tls.clientCaFile, '--tls-client-ca') : null;
  return grpc.ServerCredentials.createSsl(clientCa, [{ cert_chain: cert, private_key: key }], clientCa !== null);
}
