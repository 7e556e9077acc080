import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../lib/core/errors';
import { resolveStoreTarget } from '../../lib/store/resolve-store-target';

describe('resolveStoreTarget', () => {
  it('takes the --store DSN as given, gaps filled from PG* variables', () => {
    const t = resolveStoreTarget('postgres://meta:pw@db.example:6543/store', {});
    expect(t.describe()).toBe('postgres://meta@db.example:6543/store');
    expect(t.password).toBe('pw');
    expect(resolveStoreTarget('host=/run/pg', { PGUSER: 'me', PGDATABASE: 'mine' }).describe()).toBe('postgres://me@/mine?host=%2Frun%2Fpg&port=5432');
  });

  it('defaults to the local server of the PG* variables, database pg_autotune (not PGDATABASE)', () => {
    const env = { PGHOST: '10.0.0.5', PGPORT: '5433', PGUSER: 'tuner', PGPASSWORD: 'pw', PGDATABASE: 'app' };
    const t = resolveStoreTarget(undefined, env);
    expect(t.describe()).toBe('postgres://tuner@10.0.0.5:5433/pg_autotune');
    expect(t.password).toBe('pw');
    expect(resolveStoreTarget('  ', {}).describe()).toBe('postgres://postgres@127.0.0.1:5432/pg_autotune');
  });

  it('names --store when the DSN is not one', () => {
    expect(() => resolveStoreTarget('postgres://h:notaport/db', {})).toThrow(InvalidArgumentError);
    expect(() => resolveStoreTarget('postgres://h:notaport/db', {})).toThrow(/^--store: /);
  });
});
