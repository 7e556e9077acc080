import { parse as parseConnectionString } from 'pg-connection-string';
import type { ClientConfig } from 'pg';
import { InvalidArgumentError } from '../core/errors';

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
  declare readonly password: string | undefined;

  constructor(parts: { host: string; port: number; user: string; database: string; password?: string }) {
    this.host = parts.host;
    this.port = parts.port;
    this.user = parts.user;
    this.database = parts.database;
    Object.defineProperty(this, 'password', { value: parts.password, enumerable: false });
  }

  /** Parses a postgres:// URL or a libpq key=value string, filling gaps from PG* variables. */
  static fromDsn(dsn: string, env: NodeJS.ProcessEnv = process.env, field = 'target'): PgTarget {
    const trimmed = dsn.trim();
    if (!trimmed) throw new InvalidArgumentError(field, 'a DSN is required, e.g. postgres://user@127.0.0.1:5432/dbname');
    let parsed: DsnParts;
    try {
      parsed = trimmed.includes('://') ? parseUrl(trimmed) : parseKeyValue(trimmed);
    } catch (err) {
      throw new InvalidArgumentError(field, 'not a valid postgres:// URL or key=value connection string', { cause: err });
    }
    const rawPort = parsed.port || env.PGPORT || '5432';
    const port = Number(rawPort);
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new InvalidArgumentError(field, `port must be an integer in 1..65535, got "${rawPort}"`);
    }
    const user = parsed.user || env.PGUSER || env.USER || 'postgres';
    return new PgTarget({
      host: parsed.host || env.PGHOST || '127.0.0.1',
      port,
      user,
      database: parsed.database || env.PGDATABASE || user,
      password: parsed.password || env.PGPASSWORD || undefined,
    });
  }

  withDatabase(database: string): PgTarget {
    return new PgTarget({ ...this.parts(), database });
  }

  /** A DSN without the password, safe for logs, errors and the metadata store. */
  describe(): string {
    const host = this.host.startsWith('/') ? `?host=${encodeURIComponent(this.host)}` : '';
    const authority = this.host.startsWith('/') ? '' : `${this.host}:${this.port}`;
    const port = this.host.startsWith('/') ? `${host ? '&' : '?'}port=${this.port}` : '';
    return `postgres://${encodeURIComponent(this.user)}@${authority}/${encodeURIComponent(this.database)}${host}${port}`;
  }

  toJSON(): string {
    return this.describe();
  }

  /** node-postgres client configuration. */
  clientConfig(extra: Partial<ClientConfig> = {}): ClientConfig {
    return { ...this.parts(), application_name: 'pg-autotune', ...extra };
  }

  /**
   * Environment for libpq programs (pgbench, psql). The password travels in PGPASSWORD of
   * the child only, never on its command line where `ps` would show it. Without a password,
   * PGPASSFILE from the parent environment is kept so a passfile keeps working.
   */
  childEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...base };
    delete env.PGPASSWORD;
    delete env.PGSERVICE;
    env.PGHOST = this.host;
    env.PGPORT = String(this.port);
    env.PGUSER = this.user;
    env.PGDATABASE = this.database;
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

interface DsnParts {
  host?: string;
  port?: string;
  user?: string;
  database?: string;
  password?: string;
}

function parseUrl(dsn: string): DsnParts {
  const parsed = parseConnectionString(dsn);
  return {
    host: parsed.host ?? undefined,
    port: parsed.port ?? undefined,
    user: parsed.user,
    database: parsed.database ?? undefined,
    password: parsed.password,
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
  return { host: parts.host, port: parts.port, user: parts.user, database: parts.dbname, password: parts.password };
}
