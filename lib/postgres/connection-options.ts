import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import type { ConnectionOptions as TlsOptions } from 'node:tls';
import { InvalidArgumentError } from '../core/errors';

/**
 * The libpq connection parameters pg-autotune honours besides host, port, user, dbname and
 * password. None is a secret (sslkey and passfile are paths), so they travel with the
 * password-free DSN into logs and the metadata store, and a target rebuilt from that DSN
 * keeps its TLS settings.
 */
export interface ConnectionOptions {
  sslmode?: SslMode;
  sslrootcert?: string;
  sslcert?: string;
  sslkey?: string;
  application_name?: string;
  options?: string;
  passfile?: string;
}

export const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;
export type SslMode = (typeof SSL_MODES)[number];

/** DSN keyword -> the PG* variable libpq reads for it, in DSN-then-environment order. */
export const CONNECTION_OPTION_ENV: Readonly<Record<keyof ConnectionOptions, string>> = {
  sslmode: 'PGSSLMODE',
  sslrootcert: 'PGSSLROOTCERT',
  sslcert: 'PGSSLCERT',
  sslkey: 'PGSSLKEY',
  application_name: 'PGAPPNAME',
  options: 'PGOPTIONS',
  passfile: 'PGPASSFILE',
};

const KEYS = Object.keys(CONNECTION_OPTION_ENV) as (keyof ConnectionOptions)[];

/** Keywords a DSN may carry that are not connection options of ours but must not be refused. */
const IGNORED = new Set(['connect_timeout', 'target_session_attrs', 'gssencmode', 'sslcompression', 'keepalives']);

// A path or a server option string is short; a longer value is a mistake or an attack.
const MAX_VALUE_LENGTH = 4096;

/**
 * Picks the connection options from a DSN's keywords (URL query or key=value pairs), then the
 * PG* environment. Unknown keywords are refused by name so that a misspelt "sslmdoe=require"
 * never silently connects without TLS.
 */
export function connectionOptionsFrom(
  keywords: ReadonlyMap<string, string>,
  env: NodeJS.ProcessEnv,
  field: string,
): ConnectionOptions {
  for (const key of keywords.keys()) {
    if (!(KEYS as string[]).includes(key) && !IGNORED.has(key)) {
      throw new InvalidArgumentError(field, `unknown connection option "${key.slice(0, 64)}"; known: ${KEYS.join(', ')}`);
    }
  }
  const out: ConnectionOptions = {};
  for (const key of KEYS) {
    const value = keywords.get(key) ?? env[CONNECTION_OPTION_ENV[key]];
    if (value === undefined || value === '') continue;
    if (value.length > MAX_VALUE_LENGTH) throw new InvalidArgumentError(field, `${key} is longer than ${MAX_VALUE_LENGTH} characters`);
    if (key === 'sslmode') {
      if (!(SSL_MODES as readonly string[]).includes(value)) {
        throw new InvalidArgumentError(field, `sslmode must be one of ${SSL_MODES.join(', ')}, got "${value.slice(0, 64)}"`);
      }
      out.sslmode = value as SslMode;
    } else {
      out[key] = value;
    }
  }
  return out;
}

/**
 * node-postgres' `ssl` setting for the options, as libpq would behave. node-postgres cannot
 * fall back from TLS to plain text, so "allow" and "prefer" connect without TLS (as libpq does
 * against a server without TLS); "require" with a root certificate verifies the CA, as libpq.
 */
export function nodeTlsConfig(options: ConnectionOptions, host: string): TlsOptions | false | undefined {
  const mode = options.sslmode;
  if (mode === undefined || mode === 'disable' || mode === 'allow' || mode === 'prefer') {
    return options.sslmode === undefined ? undefined : false;
  }
  const tls: TlsOptions = {};
  if (options.sslcert) tls.cert = readOptionFile(options.sslcert, 'sslcert');
  if (options.sslkey) tls.key = readOptionFile(options.sslkey, 'sslkey');
  const verifyCa = mode === 'verify-ca' || mode === 'verify-full' || (mode === 'require' && options.sslrootcert !== undefined);
  if (options.sslrootcert) tls.ca = readOptionFile(options.sslrootcert, 'sslrootcert');
  tls.rejectUnauthorized = verifyCa;
  // SNI takes host names only; node checks an IP against the certificate's IP SANs itself.
  if (mode === 'verify-full') {
    if (isIP(host) === 0) tls.servername = host;
  }
  // verify-ca checks the chain, not the name, as libpq does.
  else tls.checkServerIdentity = () => undefined;
  return tls;
}

/** The PG* variables that hand the options to libpq programs (pgbench). */
export function connectionOptionsEnv(options: ConnectionOptions): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of KEYS) {
    const value = options[key];
    if (value !== undefined) env[CONNECTION_OPTION_ENV[key]] = value;
  }
  return env;
}

// Only the option and path are named: a file's content never reaches a message.
function readOptionFile(path: string, option: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new InvalidArgumentError('target', `${option}: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}
