import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DeadlineExceededError, FailedPreconditionError } from '../../lib/core/errors';
import { PgTarget } from '../../lib/postgres/pg-target';
import { loadPgbenchData } from '../../lib/postgres/pgbench-loader';
import { PGBENCH_FIXTURES } from '../fixtures/pgbench/read-fixture';

// Stand-in pgbench programs; the real one is exercised by test/integration/pgbench-runner.test.ts.
const dir = mkdtempSync(path.join(tmpdir(), 'pgat-pgbench-loader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const PASSWORD = 'pw-Loader-7';
const target = new PgTarget({ host: '127.0.0.1', port: 5499, user: 'bench', database: 'shop', password: PASSWORD });

function fake(name: string, body: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

describe('loadPgbenchData (with a stand-in pgbench)', () => {
  it('runs pgbench -i quietly at the scale, the connection and password only in its environment', async () => {
    const seen = path.join(dir, 'seen');
    const pgbenchPath = fake('init', `echo "$* | $PGHOST $PGPORT $PGUSER $PGDATABASE $PGPASSWORD" > ${seen}; cat ${PGBENCH_FIXTURES}/init.stderr >&2`);
    await loadPgbenchData({ target, scale: 3, pgbenchPath });
    expect(readFileSync(seen, 'utf8')).toBe(`-i -q -s 3 | 127.0.0.1 5499 bench shop ${PASSWORD}\n`);
  });

  it('fails with pgbench\'s last lines and never the password', async () => {
    const pgbenchPath = fake('failing', `echo "pgbench: error: connection failed: password ${PASSWORD} rejected" >&2; exit 1`);
    const err: unknown = await loadPgbenchData({ target, scale: 1, pgbenchPath }).catch((e: unknown) => e);
    if (!(err instanceof FailedPreconditionError)) throw new Error(`expected a FailedPreconditionError, got ${String(err)}`);
    expect(err.message).toBe(
      'pgbench -i -s 1 into postgres://bench@127.0.0.1:5499/shop failed: pgbench: error: connection failed: password [redacted] rejected',
    );
  });

  it('kills a load that outlasts its timeout', async () => {
    const started = Date.now();
    await expect(loadPgbenchData({ target, scale: 1, pgbenchPath: fake('slow', 'exec sleep 30'), timeoutS: 0.3 })).rejects.toThrow(
      DeadlineExceededError,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
