import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BenchmarkSpec__Output } from '../../proto/generated/autotune/v1/BenchmarkSpec';
import { benchDataNames, resetBenchData } from '../../lib/postgres/bench-data-reset';
import { isBenchDataComment } from '../../lib/postgres/bench-data-marker';
import { CollectorService } from '../../services/collector/collector-service';
import { runBenchmark } from '../../services/collector/pgbench/run-benchmark';
import { RELOAD_ONLY } from '../../lib/postgres/server-control';
import { startSandbox, type SandboxFixture } from '../helpers/sandbox-fixture';

// A real sandbox (scale 1): the CHECKPOINT, the template reset and its crash safety against PostgreSQL itself.
let sandbox: SandboxFixture;
beforeAll(async () => {
  sandbox = await startSandbox();
}, 60_000);
afterAll(() => sandbox?.stop());

async function query<T extends Record<string, unknown>>(database: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client(sandbox.target.withDatabase(database).clientConfig());
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

const historyRows = async () => Number((await query<{ n: string }>('pgbench', 'SELECT count(*) AS n FROM pgbench_history'))[0]!.n);
const sentinelRows = async () => Number((await query<{ n: string }>('pgbench', 'SELECT count(*) AS n FROM pgbench_history WHERE delta = 987654321'))[0]!.n);
const databases = async () => (await query<{ datname: string }>('postgres', 'SELECT datname FROM pg_database ORDER BY 1')).map((r) => r.datname);
const commentOf = async (name: string) =>
  (await query<{ c: string | null }>('postgres', "SELECT shobj_description(oid, 'pg_database') AS c FROM pg_database WHERE datname = $1", [name]))[0]?.c ?? undefined;
const oidOf = async (name: string) => (await query<{ oid: number }>('postgres', 'SELECT oid FROM pg_database WHERE datname = $1', [name]))[0]?.oid;

function spec(fields: Partial<BenchmarkSpec__Output>): BenchmarkSpec__Output {
  return {
    scripts: [],
    clients: 2,
    threads: 0,
    durationS: 1,
    warmupS: 0,
    protocol: '',
    progressIntervalS: 1,
    checkpoint: 'off',
    dataReset: 'off',
    dataResetEvery: 0,
    tpsEstimator: '',
    ...fields,
  };
}

describe('noise control against a real PostgreSQL', () => {
  it('runs a CHECKPOINT before the run when asked, and none when not', async () => {
    // PG 17 moved the counter to pg_stat_checkpointer (num_requested).
    const version = Number((await query<{ v: string }>('pgbench', "SELECT current_setting('server_version_num') AS v"))[0]!.v);
    const sql = version >= 170_000 ? 'SELECT num_requested AS n FROM pg_stat_checkpointer' : 'SELECT checkpoints_req AS n FROM pg_stat_bgwriter';
    const requested = async () => Number((await query<{ n: string }>('pgbench', sql))[0]!.n);
    const before = await requested();
    const off = await runBenchmark(sandbox.target, spec({ checkpoint: 'off' }));
    expect(off.checkpointed).toBe(false);
    expect(await requested()).toBe(before);
    const on = await runBenchmark(sandbox.target, spec({ checkpoint: 'on' }));
    expect(on.checkpointed).toBe(true);
    expect(await requested()).toBe(before + 1);
  }, 60_000);

  it('re-creates the bench database from its template before each run: fresh data, same comment, counters kept monotonic', async () => {
    const collector = await CollectorService.create({ target: sandbox.target, control: RELOAD_ONLY });
    const first = await collector.runBenchmark({ spec: spec({ dataReset: 'bench', dataResetEvery: 1 }) });
    expect(first.dataReset).toBe(true);
    await query('pgbench', "INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (1, 1, 1, 987654321, now())");
    const commitsBefore = Number((await collector.snapshot()).metrics!.find((m) => m.name === 'database.xact_commit')!.value);
    const oid = await oidOf('pgbench');

    const second = await collector.runBenchmark({ spec: spec({ dataReset: 'bench', dataResetEvery: 1 }) });
    expect(second.dataReset).toBe(true);
    expect(await oidOf('pgbench')).not.toBe(oid); // a new database ...
    // ... holding the template's data: the row written after the first run is gone.
    expect(await sentinelRows()).toBe(0);
    expect(isBenchDataComment(await commentOf('pgbench'))).toBe(true);
    // Dropping the replaced database takes its counters from the summed view; the carry puts them back.
    const commitsAfter = Number((await collector.snapshot()).metrics!.find((m) => m.name === 'database.xact_commit')!.value);
    expect(commitsAfter).toBeGreaterThan(commitsBefore);
    expect(await databases()).toEqual(expect.arrayContaining(['pgbench', benchDataNames('pgbench').template]));
    expect(await databases()).not.toContain(benchDataNames('pgbench').old);
  }, 90_000);

  it.each(['copied', 'renamed-away'] as const)('an interrupted reset (%s) leaves the bench database intact, and the next one recovers', async (stage) => {
    // The template exists (made on the first reset) before the row is written; pgbench's own deltas stay within ±5000.
    expect(await resetBenchData({ target: sandbox.target })).toBe('reset');
    await query('pgbench', "INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (1, 1, 1, 987654321, now())");
    const rows = await historyRows();
    const oid = await oidOf('pgbench');
    const crash = new Error(`crash at ${stage}`);
    await expect(
      resetBenchData({
        target: sandbox.target,
        onStage: (at) => {
          if (at === stage) throw crash;
        },
      }),
    ).rejects.toBe(crash);
    expect(await oidOf('pgbench')).toBe(oid);
    expect(await historyRows()).toBe(rows);
    expect(await sentinelRows()).toBe(1);
    expect(await databases()).not.toContain(benchDataNames('pgbench').old);

    expect(await resetBenchData({ target: sandbox.target })).toBe('reset');
    expect(await databases()).not.toContain(benchDataNames('pgbench').next);
    // Back to the template's data: the row written since is gone.
    expect(await sentinelRows()).toBe(0);
  }, 60_000);

  it("leaves a database pg-autotune did not load alone unless forced", async () => {
    await query('postgres', 'CREATE DATABASE users_own');
    await query('users_own', 'CREATE TABLE t (x int); INSERT INTO t VALUES (7)');
    const target = sandbox.target.withDatabase('users_own');
    expect(await resetBenchData({ target })).toBe('not-bench-data');
    expect(await databases()).not.toContain(benchDataNames('users_own').template);
    expect(await resetBenchData({ target, force: true })).toBe('reset');
    expect((await query<{ x: number }>('users_own', 'SELECT x FROM t'))[0]!.x).toBe(7);
    await query('pgbench', 'SELECT 1');
  }, 60_000);
});

