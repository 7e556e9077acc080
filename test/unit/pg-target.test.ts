import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { PgTarget } from '../../lib/postgres/pg-target';

describe('PgTarget', () => {
  it('parses a URL and keeps the password out of every printed form', () => {
    const t = PgTarget.fromDsn('postgres://alice:s3cret-pw@db.local:6543/shop', {});
    expect([t.host, t.port, t.user, t.database, t.password]).toEqual(['db.local', 6543, 'alice', 'shop', 's3cret-pw']);
    for (const shown of [t.describe(), JSON.stringify(t), inspect(t), String(Object.keys(t)), JSON.stringify({ t })]) {
      expect(shown).not.toContain('s3cret-pw');
    }
    expect(t.describe()).toBe('postgres://alice@db.local:6543/shop');
  });

  it('parses key=value strings and fills gaps from PG* variables', () => {
    const t = PgTarget.fromDsn("host=127.0.0.1 dbname=bench password='a b'", { PGPORT: '5433', PGUSER: 'bob' });
    expect([t.host, t.port, t.user, t.database, t.password]).toEqual(['127.0.0.1', 5433, 'bob', 'bench', 'a b']);
  });

  it('takes the password from PGPASSWORD and gives it to child programs only through the environment', () => {
    const t = PgTarget.fromDsn('postgres://u@h/d', { PGPASSWORD: 'from-env' });
    expect(t.password).toBe('from-env');
    const env = t.childEnv({ PATH: '/bin', PGPASSWORD: 'stale' });
    expect(env).toMatchObject({ PGHOST: 'h', PGPORT: '5432', PGUSER: 'u', PGDATABASE: 'd', PGPASSWORD: 'from-env' });
  });

  it('rejects an empty DSN and a bad port naming the field', () => {
    expect(() => PgTarget.fromDsn('  ', {})).toThrow(/^target: a DSN is required/);
    expect(() => PgTarget.fromDsn('host=h port=99999', {})).toThrow(/target: port must be an integer in 1..65535/);
  });

  it('describes socket-directory hosts without losing the port', () => {
    const t = PgTarget.fromDsn('host=/tmp/sock port=5499 user=postgres dbname=x', {});
    expect(t.describe()).toBe('postgres://postgres@/x?host=%2Ftmp%2Fsock&port=5499');
  });

  it('keeps TLS and the other connection options from the URL, key=value pairs or PG* variables', () => {
    const url = PgTarget.fromDsn('postgres://u@h/d?sslmode=verify-full&sslrootcert=%2Fetc%2Fca.pem&application_name=x', {});
    expect(url.connection).toEqual({ sslmode: 'verify-full', sslrootcert: '/etc/ca.pem', application_name: 'x' });
    const kv = PgTarget.fromDsn("host=h dbname=d sslmode=require options='-c work_mem=8MB'", {});
    expect(kv.connection).toEqual({ sslmode: 'require', options: '-c work_mem=8MB' });
    expect(PgTarget.fromDsn('postgres://u@h/d', { PGSSLMODE: 'require' }).connection).toEqual({ sslmode: 'require' });
    expect(url.describe()).toBe('postgres://u@h:5432/d?sslmode=verify-full&sslrootcert=%2Fetc%2Fca.pem&application_name=x');
    expect(PgTarget.fromDsn(url.describe(), {}).connection).toEqual(url.connection);
    expect(url.withDatabase('other').connection).toEqual(url.connection);
  });

  it('hands the options to libpq programs and drops inherited ones the target does not have', () => {
    const env = PgTarget.fromDsn('postgres://u@h/d?sslmode=require', {}).childEnv({ PGSSLROOTCERT: '/stale' });
    expect(env.PGSSLMODE).toBe('require');
    expect(env.PGSSLROOTCERT).toBeUndefined();
    expect(PgTarget.fromDsn('postgres://u@h/d', {}).childEnv({ PGSSLMODE: 'disable' }).PGSSLMODE).toBeUndefined();
  });

  it('refuses an unknown or misspelt option and a bad sslmode, naming the field', () => {
    expect(() => PgTarget.fromDsn('postgres://u@h/d?sslmdoe=require', {})).toThrow(/^target: unknown connection option "sslmdoe"/);
    expect(() => PgTarget.fromDsn('host=h sslmode=sometimes', {}, 'store')).toThrow(/^store: sslmode must be one of disable, allow/);
  });

  it('names an unreadable certificate file without reading anything else', () => {
    const t = PgTarget.fromDsn('postgres://u@h/d?sslmode=verify-ca&sslrootcert=%2Fnonexistent%2Fca.pem', {});
    expect(() => t.clientConfig()).toThrow(/sslrootcert: cannot read \/nonexistent\/ca.pem \(ENOENT\)/);
  });
});
