import { parse as parseConnectionString } from 'pg-connection-string';
import type { ClientConfig } from 'pg';
import { InvalidArgumentError } from '../core/errors';
import { CONNECTION_OPTION_ENV, connectionOptionsEnv, connectionOptionsFrom, nodeTlsConfig, type ConnectionOptions } from './connection-options';
import { passwordFromPassfile } from './passfile';

/**
 * Where a PostgreSQL server is and how to log in. Resolved in one place: the DSN's parts,
 * then PG* environment variables, then defaults (as libpq does). The password is kept in a
 * non-enumerable property so that logging, JSON.stringify or util.inspect of a target can
 * never print it; `describe()` is the only way a target is shown to people.
 */
export class PgTarget {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly database: string;
  /** TLS, application_name, options, passfile: honoured by node-postgres and pgbench alike. */
  readonly connection: Readonly<ConnectionOptions>;
  declare readonly password: string | undefined;

  constructor(parts: { host: string; port: number; user: string; database: string; password?: string; connection?: ConnectionOptions }) {
    this.host = parts.host;
    this.port = parts.port;
    this.user = parts.user;
    this.database = parts.database;
    this.connection = Object.freeze({ ...parts.connection });
    Object.defineProperty(this, 'password', { value: parts.password, enumerable: false });
  }

  /** Parses a postgres:// URL or a libpq key=value string, filling gaps from PG* variables. */
  static fromDsn(dsn: string, env: NodeJS.ProcessEnv = process.env, field = 'target'): PgTarget {
    const trimmed = dsn.trim();
    if (!trimmed) throw new InvalidArgumentError(field, 'a DSN is required, e.g. postgres://user@127.0.0.1:5432/dbname');
    const parsed = parseDsn(trimmed, field);
    const rawPort = parsed.port || env.PGPORT || '5432';
    const port = Number(rawPort);
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new InvalidArgumentError(field, `port must be an integer in 1..65535, got "${rawPort}"`);
    }
    const user = parsed.user || env.PGUSER || env.USER || 'postgres';
    const host = parsed.host || env.PGHOST || '127.0.0.1';
    const database = parsed.database || env.PGDATABASE || user;
    const connection = connectionOptionsFrom(parsed.keywords, env, field);
    // libpq's order: the DSN's password, PGPASSWORD, then the passfile (PGPASSFILE or the
    // DSN's passfile=; ~/.pgpass is left to node-postgres and libpq themselves).
    const password =
      parsed.password ||
      env.PGPASSWORD ||
      (connection.passfile ? passwordFromPassfile(connection.passfile, { host, port, database, user }) : undefined) ||
      undefined;
    return new PgTarget({ host, port, user, database, password, connection });
  }

  withDatabase(database: string): PgTarget {
    return new PgTarget({ ...this.parts(), database, connection: this.connection });
  }

  /**
   * A DSN without the password, safe for logs, errors and the metadata store. It keeps the
   * connection options, so a target rebuilt from it connects the same way (TLS included).
   */
  describe(): string {
    const socket = this.host.startsWith('/');
    const authority = socket ? '' : `${this.host}:${this.port}`;
    const query: [string, string][] = socket ? [['host', this.host], ['port', String(this.port)]] : [];
    for (const [key, value] of Object.entries(this.connection)) query.push([key, value]);
    const search = query.length === 0 ? '' : `?${query.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}`;
    return `postgres://${encodeURIComponent(this.user)}@${authority}/${encodeURIComponent(this.database)}${search}`;
  }

  toJSON(): string {
    return this.describe();
  }

  /** node-postgres client configuration. */
  clientConfig(extra: Partial<ClientConfig> = {}): ClientConfig {
    const config: ClientConfig = { ...this.parts(), application_name: this.connection.application_name ?? 'pg-autotune' };
    const ssl = nodeTlsConfig(this.connection, this.host);
    if (ssl !== undefined) config.ssl = ssl;
    if (this.connection.options !== undefined) config.options = this.connection.options;
    return { ...config, ...extra };
  }

  /**
   * Environment for libpq programs (pgbench, psql). The password travels in PGPASSWORD of
   * the child only, never on its command line where `ps` would show it. TLS and the other
   * connection options travel as PGSSLMODE, PGSSLROOTCERT, ..., PGPASSFILE.
   */
  childEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...base };
    delete env.PGPASSWORD;
    delete env.PGSERVICE;
    // The target's own options are the truth (fromDsn already read the PG* variables).
    for (const name of Object.values(CONNECTION_OPTION_ENV)) delete env[name];
    env.PGHOST = this.host;
    env.PGPORT = String(this.port);
    env.PGUSER = this.user;
    env.PGDATABASE = this.database;
    env.PGAPPNAME = 'pg-autotune';
    Object.assign(env, connectionOptionsEnv(this.connection));
    if (this.password !== undefined) env.PGPASSWORD = this.password;
    return env;
  }

  /**
   * `text` with this target's password replaced by "[redacted]", for messages that quote a
   * program or the server: pgbench never prints the password, but the errors it relays may.
   */
  redact(text: string): string {
    return this.password ? text.split(this.password).join('[redacted]') : text;
  }

  private parts() {
    return { host: this.host, port: this.port, user: this.user, database: this.database, password: this.password };
  }
}

/**
 * Every keyword a DSN names, as libpq reads it: the URL query's names percent-decoded
 * (`pass%77ord` is `password`), or the keys of key=value pairs; host, port, user and dbname
 * included when they are given as keywords.
 * @throws InvalidArgumentError naming `field`, as fromDsn
 */
export function dsnKeywordNames(dsn: string, field = 'target'): string[] {
  return parseDsn(dsn.trim(), field).names;
}

// libpq knows these two URL schemes only; anything else ("mysql://") is not a PostgreSQL server.
const URL_SCHEME = /^postgres(?:ql)?:\/\//i;

/**
 * Which server and database a described target names (host, port, user, database), its
 * connection options left out: processes with other PG* variables describe one target
 * differently (a collector fills sslmode, application_name, ... from its environment), yet it
 * is the same server. Undefined for text that is no DSN. Reads neither a file (no passfile) nor
 * the environment, so it is safe on text another process reported.
 */
export function targetIdentity(dsn: string): string | undefined {
  try {
    const parts = parseDsn(dsn.trim(), 'target');
    return JSON.stringify([parts.host ?? '', parts.port ?? '', parts.user ?? '', parts.database ?? '']);
  } catch {
    return undefined;
  }
}

function parseDsn(dsn: string, field: string): DsnParts {
  const schemeAt = dsn.indexOf('://');
  if (schemeAt >= 0 && !URL_SCHEME.test(dsn)) {
    throw new InvalidArgumentError(field, `must be a postgres:// or postgresql:// URL or a key=value connection string, got scheme "${dsn.slice(0, Math.min(schemeAt, 32))}://"`);
  }
  try {
    return schemeAt >= 0 ? parseUrl(dsn) : parseKeyValue(dsn);
  } catch (err) {
    throw new InvalidArgumentError(field, 'not a valid postgres:// URL or key=value connection string', { cause: err });
  }
}

interface DsnParts {
  host?: string;
  port?: string;
  user?: string;
  database?: string;
  password?: string;
  /** Every other keyword: the connection options (sslmode, ...). */
  keywords: Map<string, string>;
  /** Every keyword's name, the target's own fields' included. */
  names: string[];
}

// Keywords that are the target's own fields, not connection options.
const CORE_KEYWORDS = new Set(['host', 'hostaddr', 'port', 'user', 'dbname', 'password']);

function parseUrl(dsn: string): DsnParts {
  const queryAt = dsn.indexOf('?');
  const query = new URLSearchParams(queryAt < 0 ? '' : dsn.slice(queryAt + 1));
  const keywords = new Map([...query].filter(([key]) => !CORE_KEYWORDS.has(key)));
  // pg-connection-string would read sslmode and the certificate files itself, with its own
  // rules: it sees only the target's own fields, the options are ours (connection-options.ts).
  const core = new URLSearchParams([...query].filter(([key]) => CORE_KEYWORDS.has(key))).toString();
  const parsed = parseConnectionString(queryAt < 0 ? dsn : `${dsn.slice(0, queryAt)}${core ? `?${core}` : ''}`);
  return {
    host: parsed.host ?? undefined,
    port: parsed.port ?? undefined,
    user: parsed.user,
    database: parsed.database ?? undefined,
    password: parsed.password,
    keywords,
    names: [...query.keys()],
  };
}

// libpq's "host=... port=... dbname=..." form; values may be single-quoted with \ escapes.
function parseKeyValue(dsn: string): DsnParts {
  const parts: Record<string, string> = {};
  const re = /\s*(\w+)\s*=\s*('(?:[^'\\]|\\.)*'|[^\s']+)/gy;
  let match: RegExpExecArray | null;
  let end = 0;
  while ((match = re.exec(dsn)) !== null) {
    const raw = match[2]!;
    parts[match[1]!] = raw.startsWith("'") ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw;
    end = re.lastIndex;
  }
  if (end === 0 || dsn.slice(end).trim()) throw new Error('expected key=value pairs');
  const keywords = new Map(Object.entries(parts).filter(([key]) => !CORE_KEYWORDS.has(key)));
  return { host: parts.host, port: parts.port, user: parts.user, database: parts.dbname, password: parts.password, keywords, names: Object.keys(parts) };
}
