import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CollectorClient } from '../../lib/grpc/clients/collector-client';
import { EnvironmentClient } from '../../lib/grpc/clients/environment-client';
import { pgCtlControl } from '../../lib/postgres/server-control';
import { QUERY_MIX_RULES } from '../../lib/session/session-limits';
import { startCollector } from '../../services/collector/start-collector';
import { startEnvironment } from '../../services/environment/start-environment';
import { startSandbox, type SandboxFixture } from '../helpers/sandbox-fixture';

/**
 * The query mix from pg_stat_statements, against a throwaway sandbox whose server preloads it
 * (sandbox-config.ts). The extension is created by this test, in the sandbox's own database:
 * our throwaway server. A collector never creates it.
 */
const SECRET_LITERAL = 'not-for-the-mix-7f3a';
const POINT_QUERY = 'SELECT abalance FROM pgbench_accounts WHERE aid = $1';
const COUNT_QUERY = `SELECT count(*) FROM pgbench_branches WHERE filler IS DISTINCT FROM '${SECRET_LITERAL}'`;

describe('Collector.GetQueryMix and Environment.ReadQueryMix against a sandbox with pg_stat_statements', () => {
  let sandbox: SandboxFixture;
  let collector: Awaited<ReturnType<typeof startCollector>>;
  let environment: Awaited<ReturnType<typeof startEnvironment>>;
  let client: CollectorClient;
  let envClient: EnvironmentClient;

  const sql = async <T extends Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> => {
    const c = new Client(sandbox.target.clientConfig());
    await c.connect();
    try {
      return (await c.query<T>(text, params)).rows;
    } finally {
      await c.end();
    }
  };

  /** The user's traffic: `points` point reads and `counts` counts, on one connection. */
  async function traffic(points: number, counts: number): Promise<void> {
    const c = new Client(sandbox.target.clientConfig());
    await c.connect();
    try {
      for (let i = 0; i < points; i++) await c.query(POINT_QUERY, [1 + (i % 1000)]);
      for (let i = 0; i < counts; i++) await c.query(COUNT_QUERY);
    } finally {
      await c.end();
    }
  }

  /** A statement's queryid, found by its normalized text (constants become $n), the way a person would. */
  const queryidOf = async (text: string): Promise<string> =>
    (await sql<{ queryid: string }>('SELECT queryid::text AS queryid FROM pg_stat_statements WHERE query LIKE $1 AND toplevel', [`${text.slice(0, 40)}%`]))[0]!.queryid;

  beforeAll(async () => {
    sandbox = await startSandbox({ scale: 1 });
    expect((await sql<{ setting: string }>("SELECT setting FROM pg_settings WHERE name = 'shared_preload_libraries'"))[0]!.setting).toContain('pg_stat_statements');
    await sql('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    collector = await startCollector({ target: sandbox.target, control: pgCtlControl(sandbox.pgCtl), dataDir: sandbox.dataDir, port: 0 });
    environment = await startEnvironment({ port: 0 });
    client = new CollectorClient(collector.address);
    envClient = new EnvironmentClient(environment.address);
  });

  afterAll(async () => {
    client?.close();
    envClient?.closeClient();
    await environment?.stop();
    await collector?.stop();
    await sandbox?.stop();
  });

  it('counts each statement\'s calls since the earlier reading, by queryid, with no query text', async () => {
    const start = await client.getQueryMix('');
    expect(start).toMatchObject({ available: true, interval: false, statements: [], totalCalls: 0 });
    await traffic(600, 200);
    const mix = await client.getQueryMix(start.readingId);
    expect(mix.interval).toBe(true);
    const [point, count] = [await queryidOf(POINT_QUERY), await queryidOf(COUNT_QUERY)];
    expect(mix.statements[0]).toMatchObject({ queryid: point, calls: 600 });
    expect(mix.statements[1]).toMatchObject({ queryid: count, calls: 200 });
    expect(mix.statements[0]!.totalExecTimeMs).toBeGreaterThan(0);
    expect(mix.statements.length).toBeLessThanOrEqual(QUERY_MIX_RULES.topStatements);
    // The rest (the connections' own set-up, the reading's own queries) is small and pooled or listed.
    const listed = mix.statements.reduce((t, s) => t + s.calls, 0);
    expect(listed + mix.otherCalls).toBe(mix.totalCalls);
    expect(mix.totalCalls).toBeLessThan(800 + 50);
    expect(JSON.stringify(mix)).not.toContain(SECRET_LITERAL);
    expect(JSON.stringify(mix)).not.toContain('pgbench_accounts');
  });

  it('lists an included statement that did not run with 0 calls, and refuses one that is not a queryid', async () => {
    const point = await queryidOf(POINT_QUERY);
    const start = await client.getQueryMix('');
    await traffic(0, 50);
    const mix = await client.getQueryMix(start.readingId, [point]);
    expect(mix.statements.find((s) => s.queryid === point)).toMatchObject({ calls: 0 });
    const refused = client.getQueryMix('', ['1 OR 1=1']);
    await expect(refused).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(refused).rejects.toThrow(/include\[0\]: must be a pg_stat_statements queryid/);
  });

  it('through an environment, leaves out the benchmark run between a watch\'s two readings', async () => {
    const opened = await envClient.open({
      collectorAddress: collector.address,
      benchmark: { scripts: [{ builtin: 'select-only' }], clients: 2, durationS: 1, warmupS: 0 },
    });
    try {
      const before = await envClient.readQueryMix(opened.envId, '', []);
      const run = await envClient.measure(opened.envId, []);
      expect(run.benchmark!.transactions).toBeGreaterThan(100);
      // What the run did: pgbench's select-only statement, thousands of calls.
      const during = await envClient.readQueryMix(opened.envId, before.readingId, []);
      expect(during.totalCalls).toBeGreaterThan(run.benchmark!.transactions);
      // The next interval starts after the run: only the user's traffic is in it.
      const after = await envClient.readQueryMix(opened.envId, '', []);
      await traffic(300, 0);
      const next = await envClient.readQueryMix(opened.envId, after.readingId, []);
      expect(next.statements[0]).toMatchObject({ queryid: await queryidOf(POINT_QUERY), calls: 300 });
      expect(next.totalCalls).toBeLessThan(300 + 50);
    } finally {
      await envClient.close(opened.envId, true);
    }
  });

  it('says "not available" (not an error) when the extension is not installed in the database, and never creates it', async () => {
    await sql('DROP EXTENSION pg_stat_statements');
    try {
      const mix = await client.getQueryMix('');
      expect(mix).toMatchObject({ available: false, interval: false, statements: [] });
      expect(mix.reason).toBe('pg_stat_statements is not installed in database "pgbench" (CREATE EXTENSION pg_stat_statements there, with it in shared_preload_libraries)');
      expect(await sql("SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements'")).toHaveLength(0);
      // Bad input is still bad input.
      await expect(client.getQueryMix('', ['x'])).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    } finally {
      await sql('CREATE EXTENSION pg_stat_statements');
    }
  });
});
