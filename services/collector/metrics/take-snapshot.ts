import type { ClientBase } from 'pg';
import type { Metric__Output } from '../../../proto/generated/autotune/v1/Metric';
import type { MetricSnapshot__Output } from '../../../proto/generated/autotune/v1/MetricSnapshot';
import { byName } from '../../../lib/metrics/metric-order';
import { extensionVersionNum, statViewQueries, type StatementsExtension } from './stat-view-queries';

interface ServerFacts {
  version_num: number;
  taken_at_ms: number;
  statements_schema: string | null;
  statements_version: string | null;
}

// pg_stat_statements answers only when it is both installed in this database and loaded
// at server start; asking otherwise is an error, so both are checked first.
const FACTS_SQL = `
SELECT current_setting('server_version_num')::int AS version_num,
       (extract(epoch FROM clock_timestamp()) * 1000)::float8 AS taken_at_ms,
       n.nspname AS statements_schema,
       e.extversion AS statements_version
  FROM (SELECT 1) AS one
  LEFT JOIN pg_extension e
         ON e.extname = 'pg_stat_statements'
        AND 'pg_stat_statements' = ANY (string_to_array(replace(current_setting('shared_preload_libraries'), ' ', ''), ','))
  LEFT JOIN pg_namespace n ON n.oid = e.extnamespace`;

function statementsExtension(facts: ServerFacts): StatementsExtension | null {
  if (facts.statements_schema === null || facts.statements_version === null) return null;
  return { schema: facts.statements_schema, versionNum: extensionVersionNum(facts.statements_version) };
}

/**
 * Reads the server's cumulative statistics as named metrics, sorted by name. Statistics are
 * cached per transaction, so the cache is cleared first: a caller inside a transaction
 * still gets fresh values. The time stamp is the server's clock at the start, the clock the
 * next snapshot's stamp comes from too.
 */
export async function takeSnapshot(client: ClientBase): Promise<MetricSnapshot__Output> {
  await client.query('SELECT pg_stat_clear_snapshot()');
  const facts = (await client.query<ServerFacts>(FACTS_SQL)).rows[0]!;
  const sources = { serverVersionNum: facts.version_num, statements: statementsExtension(facts) };
  const metrics: Metric__Output[] = [];
  for (const query of statViewQueries(sources)) {
    const row = (await client.query<Record<string, number>>(query.sql)).rows[0]!;
    query.metrics.forEach((m, i) => metrics.push({ name: m.name, value: row[`m${i}`]!, counter: m.counter }));
  }
  metrics.sort(byName);
  return { takenAtMs: facts.taken_at_ms, metrics, serverVersionNum: sources.serverVersionNum };
}
