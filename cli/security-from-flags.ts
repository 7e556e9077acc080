import { Option, type Command } from 'commander';
import { InvalidArgumentError } from '../lib/core/errors';
import type { ServerSecurity } from '../lib/grpc/auth/server-security';
import { resolveToken, TOKEN_ENV } from '../lib/grpc/auth/token-source';
import { useClientSecurity, type ClientSecurity } from '../lib/grpc/channel-credentials';
import { DEFAULT_LISTEN_HOST } from '../lib/grpc/service-defaults';
import { startMetricsServer, type RunningMetricsServer } from '../lib/prometheus/metrics-server';
import { PORT_RANGE, integerOption } from './option-parsers';

/** The flags of a program that calls services: `serve trainer`, and every serve command for the services it calls. */
export interface ClientSecurityFlags {
  tokenFile?: string;
  tlsCa?: string;
  tlsClientCert?: string;
  tlsClientKey?: string;
}

/** ...and of one that serves gRPC. */
export interface ServerSecurityFlags extends ClientSecurityFlags {
  tlsCert?: string;
  tlsKey?: string;
  tlsClientCa?: string;
  insecure?: boolean;
}

export interface MetricsFlags {
  metricsPort?: number;
  metricsListen: string;
}

/** What a caller needs: the token's file and the TLS files; the token itself never goes on a command line (`ps` shows it to everyone). */
export function addClientSecurityOptions(command: Command): Command {
  return command
    .option('--token-file <file>', `bearer token for every call, first line of FILE, not readable by other users (default: $${TOKEN_ENV}, else none)`)
    .option('--tls-ca <file>', 'talk TLS to the services, trusting the CA certificate (PEM) in FILE')
    .option('--tls-client-cert <file>', 'mutual TLS: the certificate (PEM) this process shows the services it calls; needs --tls-ca, --tls-client-key')
    .option('--tls-client-key <file>', 'the private key (PEM) of --tls-client-cert');
}

/**
 * A command that calls a running stack (register, sessions ..., recommend, report --api): the
 * caller flags, and this process's client identity set from them before the action runs, so
 * every client it makes carries the token (or the TLS files).
 */
export function asStackClient(command: Command): Command {
  return addClientSecurityOptions(command).hook('preAction', (_self, action) => useClientSecurity(clientSecurityFromFlags(action.opts())));
}

export function addServerSecurityOptions(command: Command): Command {
  return addClientSecurityOptions(command)
    .option('--tls-cert <file>', 'serve TLS with this certificate chain (PEM); needs --tls-key')
    .option('--tls-key <file>', 'the private key (PEM) of --tls-cert')
    .option('--tls-client-ca <file>', 'mutual TLS: accept only callers whose certificate this CA (PEM) signed; needs --tls-cert')
    .option('--insecure', 'listen beyond loopback without a bearer token (refused otherwise)');
}

export function addMetricsOptions(command: Command): Command {
  return command
    .addOption(integerOption('--metrics-port <port>', 'serve Prometheus metrics at http://HOST:PORT/metrics', PORT_RANGE, 'none'))
    .addOption(new Option('--metrics-listen <host>', 'address the metrics port listens on').default(DEFAULT_LISTEN_HOST));
}

/** The token is resolved once here (--token-file > PG_AUTOTUNE_TOKEN > none) for both roles. */
/** @throws InvalidArgumentError for a client certificate without its key or without --tls-ca. */
export function clientSecurityFromFlags(flags: ClientSecurityFlags, env: NodeJS.ProcessEnv = process.env): ClientSecurity {
  bothOrNeither(flags.tlsClientCert, '--tls-client-cert', flags.tlsClientKey, '--tls-client-key');
  if (flags.tlsClientCert && !flags.tlsCa) throw new InvalidArgumentError('--tls-client-cert', 'mutual TLS needs --tls-ca too');
  const token = resolveToken({ tokenFile: flags.tokenFile, env });
  return { token, tls: flags.tlsCa ? { caFile: flags.tlsCa, certFile: flags.tlsClientCert, keyFile: flags.tlsClientKey } : undefined };
}

/** @throws InvalidArgumentError for one of --tls-cert / --tls-key without the other, or --tls-client-ca without them. */
export function serverSecurityFromFlags(flags: ServerSecurityFlags, client: ClientSecurity): ServerSecurity {
  bothOrNeither(flags.tlsCert, '--tls-cert', flags.tlsKey, '--tls-key');
  if (flags.tlsClientCa && !flags.tlsCert) throw new InvalidArgumentError('--tls-client-ca', 'mutual TLS needs --tls-cert and --tls-key too');
  return {
    token: client.token,
    tls: flags.tlsCert && flags.tlsKey ? { certFile: flags.tlsCert, keyFile: flags.tlsKey, clientCaFile: flags.tlsClientCa } : undefined,
    insecure: flags.insecure,
  };
}

function bothOrNeither(a: string | undefined, aFlag: string, b: string | undefined, bFlag: string): void {
  if (Boolean(a) !== Boolean(b)) throw new InvalidArgumentError(a ? bFlag : aFlag, `needed with ${a ? aFlag : bFlag}: a certificate goes with its key`);
}

/** Starts /metrics when --metrics-port was given. */
export function metricsFromFlags(flags: MetricsFlags): Promise<RunningMetricsServer | undefined> {
  if (flags.metricsPort === undefined) return Promise.resolve(undefined);
  return startMetricsServer({ port: flags.metricsPort, host: flags.metricsListen });
}
