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
});
