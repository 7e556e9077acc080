import * as grpc from '@grpc/grpc-js';
import type { BearerToken } from './auth/bearer-token';
import { readPem } from './auth/pem-file';

/** How a client reaches a service. Everything unset: plaintext, no token (loopback). */
export interface ClientSecurity {
  /** Sent as `authorization: Bearer <token>` on every call. */
  token?: BearerToken;
  /**
   * TLS: `--tls-ca FILE` is the PEM of the CA (or the self-signed certificate) that signed the
   * server's; `--tls-client-cert FILE --tls-client-key FILE` what this process shows a server
   * that wants mutual TLS.
   */
  tls?: { caFile: string; certFile?: string; keyFile?: string };
}

/** What a generated client's constructor takes besides the address. */
export interface ClientChannel {
  credentials: grpc.ChannelCredentials;
  options: grpc.ClientOptions;
}

/**
 * A process has one identity: the composition root (`serve ...`, `tune`'s local stack) sets
 * it once, before any client is made, and every client of lib/grpc/clients, including the
 * ones services make for each other (Discovery and the Environment reach collectors, the
 * trainer an Environment), then carries it without each service passing it along.
 */
let processSecurity: ClientSecurity = {};

export function useClientSecurity(security: ClientSecurity): void {
  processSecurity = security;
}

/**
 * The one place client credentials are built. Over TLS the token travels as call credentials
 * (combined with the channel's); grpc-js refuses call credentials on a plaintext channel, so
 * there an interceptor adds the same metadata (loopback use, or behind a TLS proxy).
 */
export function clientChannel(security: ClientSecurity = processSecurity): ClientChannel {
  const { token, tls } = security;
  if (tls) {
    const key = tls.keyFile ? readPem(tls.keyFile, '--tls-client-key') : null;
    const cert = tls.certFile ? readPem(tls.certFile, '--tls-client-cert') : null;
    const ssl = grpc.credentials.createSsl(readPem(tls.caFile, '--tls-ca'), key, cert);
    if (!token) return { credentials: ssl, options: {} };
    const callCredentials = grpc.credentials.createFromMetadataGenerator((_params, callback) => callback(null, authorizationMetadata(token)));
    return { credentials: grpc.credentials.combineChannelCredentials(ssl, callCredentials), options: {} };
  }
  const credentials = grpc.credentials.createInsecure();
  if (!token) return { credentials, options: {} };
  const addToken: grpc.Interceptor = (options, nextCall) =>
    new grpc.InterceptingCall(nextCall(options), {
      start: (metadata, listener, next) => {
        metadata.merge(authorizationMetadata(token));
        next(metadata, listener);
      },
    });
  return { credentials, options: { interceptors: [addToken] } };
}

function authorizationMetadata(token: BearerToken): grpc.Metadata {
  const metadata = new grpc.Metadata();
  metadata.set('authorization', token.header());
  return metadata;
}
