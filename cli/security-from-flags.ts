import { Option, type Command } from 'commander';
import { InvalidArgumentError } from '../lib/core/errors';
import type { ServerSecurity } from '../lib/grpc/auth/server-security';
import { resolveToken, TOKEN_ENV } from '../lib/grpc/auth/token-source';
import type { ClientSecurity } from '../lib/grpc/channel-credentials';
import { DEFAULT_LISTEN_HOST } from '../lib/grpc/service-defaults';
import { startMetricsServer, type RunningMetricsServer } from '../lib/prometheus/metrics-server';
import { PORT_RANGE, integerOption } from './option-parsers';

/** The flags of a program that calls services: `serve trainer`, and every serve command for the services it calls. */
export interface ClientSecurityFlags {
  tokenFile?: string;
  tlsCa?: string;
}

/** ...and of one that serves gRPC. */
export interface ServerSecurityFlags extends ClientSecurityFlags {
  tlsCert?: string;
  tlsKey?: string;
  insecure?: boolean;
}

export interface MetricsFlags {
  metricsPort?: number;
  metricsListen: string;
}

/** --token-file and --tls-ca; the token itself never goes on a command line (`ps` shows it to everyone). */
export function addClientSecurityOptions(command: Command): Command {
  return command
    .option('--token-file <file>', `bearer token for every call, first line of FILE, not readable by other users (default: $${TOKEN_ENV}, else none)`)
    .option('--tls-ca <file>', 'talk TLS to the services, trusting the CA certificate (PEM) in FILE');
}

export function addServerSecurityOptions(command: Command): Command {
  return addClientSecurityOptions(command)
    .option('--tls-cert <file>', 'serve TLS with this certificate chain (PEM); needs --tls-key')
    .option('--tls-key <file>', 'the private key (PEM) of --tls-cert')
    .option('--insecure', 'listen beyond loopback without a bearer token (refused otherwise)');
}

export function addMetricsOptions(command: Command): Command {
  return command
    .addOption(integerOption('--metrics-port <port>', 'serve Prometheus metrics at http://HOST:PORT/metrics', PORT_RANGE, 'none'))
    .addOption(new Option('--metrics-listen <host>', 'address the metrics port listens on').default(DEFAULT_LISTEN_HOST));
}

/** The token is resolved once here (--token-file > PG_AUTOTUNE_TOKEN > none) for both roles. */
export function clientSecurityFromFlags(flags: ClientSecurityFlags, env: NodeJS.ProcessEnv = process.env): ClientSecurity {
  const token = resolveToken({ tokenFile: flags.tokenFile, env });
  return { token, tls: flags.tlsCa ? { caFile: flags.tlsCa } : undefined };
}

/** @throws InvalidArgumentError for one of --tls-cert / --tls-key without the other. */
export function serverSecurityFromFlags(flags: ServerSecurityFlags, client: ClientSecurity): ServerSecurity {
  if (Boolean(flags.tlsCert) !== Boolean(flags.tlsKey)) {
    throw new InvalidArgumentError(flags.tlsCert ? '--tls-key' : '--tls-cert', 'TLS needs both --tls-cert and --tls-key');
  }
  return {
    token: client.token,
    tls: flags.tlsCert && flags.tlsKey ? { certFile: flags.tlsCert, keyFile: flags.tlsKey } : undefined,
    insecure: flags.insecure,
  };
}

/** Starts /metrics when --metrics-port was given. */
export function metricsFromFlags(flags: MetricsFlags): Promise<RunningMetricsServer | undefined> {
  if (flags.metricsPort === undefined) return Promise.resolve(undefined);
  return startMetricsServer({ port: flags.metricsPort, host: flags.metricsListen });
}
