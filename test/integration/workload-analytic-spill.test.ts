import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPgbench } from '../../lib/postgres/pg-binaries';
import { loadPgbenchData } from '../../lib/postgres/pgbench-loader';
import { PgTarget } from '../../lib/postgres/pg-target';
import { outputTail, runProgram } from '../../lib/postgres/run-program';
import { findWorkloadPreset } from '../../lib/session/workload-presets';

/**
 * What workloads/README.md claims of the analytic-spill workload, against the real server on
 * 127.0.0.1:5432 in a throwaway database: at work_mem 64kB its sorts and aggregates write
 * temporary files (pg_stat_database.temp_bytes grows), at 64MB they write fewer or none.
 * work_mem is set per connection (PGOPTIONS), so the shared server's configuration is untouched.
 */
describe('workloads/analytic-spill.sql spills with a small work_mem', () => {
  const db = `pgat_spill_${randomUUID().slice(0, 8)}`;
  const admin = PgTarget.fromDsn('postgres://postgres@127.0.0.1:5432/postgres');
  const target = PgTarget.fromDsn(`postgres://postgres@127.0.0.1:5432/${db}`);
  const script = findWorkloadPreset('analytic-spill').scripts[0]!.file!;

  const query = async <T extends object>(on: PgTarget, sql: string, params: unknown[] = []): Promise<T[]> => {
    const client = new Client(on.clientConfig());
    await client.connect();
    try {
      return (await client.query<T>(sql, params)).rows;
    } finally {
      await client.end();
    }
  };

  const tempBytes = async (): Promise<number> => {
    const rows = await query<{ temp_bytes: string }>(admin, 'SELECT temp_bytes FROM pg_stat_database WHERE datname = $1', [db]);
    return Number(rows[0]!.temp_bytes);
  };

  /**
   * A backend reports its statistics as it exits, just after it leaves pg_stat_activity:
   * wait until no backend is left in the database and the counter has stopped moving.
   */
  const settledTempBytes = async (): Promise<number> => {
    let last = -1;
    for (let i = 0; i < 100; i++) {
      const busy = await query<{ n: string }>(admin, 'SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1', [db]);
      const now = await tempBytes();
      if (Number(busy[0]!.n) === 0 && now === last) return now;
      last = now;
      await new Promise((r) => setTimeout(r, 200));
    }
    return last;
  };

  const spilledAt = async (workMem: string): Promise<number> => {
    const before = await settledTempBytes();
    const result = await runProgram(findPgbench(), ['-n', '-c', '1', '-t', '5', '-f', script], {
      env: { ...target.childEnv(), PGOPTIONS: `-c work_mem=${workMem}` },
      timeoutMs: 120_000,
    });
    expect(result.exitCode, outputTail(result)).toBe(0);
    return (await settledTempBytes()) - before;
  };

  beforeAll(async () => {
    await query(admin, `CREATE DATABASE ${db}`);
    await loadPgbenchData({ target, scale: 1 });
  });

  afterAll(async () => {
    await query(admin, `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
  });

  it('writes temporary files at work_mem 64kB and fewer (here: none) at 64MB', async () => {
    expect(path.basename(script)).toBe('analytic-spill.sql');
    const small = await spilledAt('64kB');
    const large = await spilledAt('64MB');
    // 5 transactions, each sorting ~30,000 rows with their 84-byte filler: megabytes at 64kB.
    expect(small).toBeGreaterThan(1024 * 1024);
    expect(large).toBeLessThan(small / 10);
  });
});
