import { describe, expect, it } from 'vitest';
import { UnavailableError } from '../../lib/core/errors';
import { PgTarget } from '../../lib/postgres/pg-target';
import { withConnection } from '../../services/collector/pg-connection';
import { TEST_SERVER_DSN } from '../helpers/test-store';

const TARGET = PgTarget.fromDsn(TEST_SERVER_DSN);

/**
 * The collector's one-connection-per-operation helper: a server that goes away in the middle of
 * an operation (its backend terminated, as when the postmaster is killed) is "unavailable", like
 * one that refuses the connection; a statement the server refuses stays what it is.
 */
describe('withConnection', () => {
  it('answers UnavailableError when the connection is lost in the middle of the operation', async () => {
    const err = await withConnection(TARGET, (c) => c.query('SELECT pg_terminate_backend(pg_backend_pid())')).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(UnavailableError);
    expect((err as Error).message).toMatch(/went away/);
  });

  it('answers UnavailableError when nothing listens', async () => {
    const nowhere = PgTarget.fromDsn('postgres://postgres@127.0.0.1:1/postgres');
    await expect(withConnection(nowhere, (c) => c.query('SELECT 1'), { connectTimeoutMs: 2000 })).rejects.toBeInstanceOf(UnavailableError);
  });

  it('passes a refused statement through with its SQLSTATE', async () => {
    const err = await withConnection(TARGET, (c) => c.query('SELECT * FROM no_such_table_here')).then(
      () => null,
      (e: unknown) => e as { code?: string },
    );
    expect(err).not.toBeInstanceOf(UnavailableError);
    expect(err?.code).toBe('42P01');
  });
});
