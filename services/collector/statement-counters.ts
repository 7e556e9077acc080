import type { Client } from 'pg';
import type { StatementCounters } from '../../lib/metrics/query-mix-readings';

/** pg_stat_statements' "must be loaded via shared_preload_libraries" (object_not_in_prerequisite_state). */
const NOT_LOADED = '55000';

export type CounterReading = { counters: StatementCounters } | { unavailable: string };

/**
 * Every statement's cumulative calls and execution time from pg_stat_statements, by queryid,
 * over the whole server (the knobs are the server's, so is the traffic that matters), summed
 * over users and databases. Only queryids, counts and times: never the query text, which may
 * hold literals. Top-level statements only (PostgreSQL 14+ also keeps nested ones under
 * track = all, which would count a function's statements twice). Rows whose queryid this role
 * may not see (another user's, without pg_read_all_stats) are left out.
 *
 * The extension is looked for in the target database and read from its own schema; it is
 * never created. Absent, or installed but not loaded, it is "not available", said in words.
 */
export async function readStatementCounters(client: Client, serverVersionNum: number): Promise<CounterReading> {
  const { rows: found } = await client.query<{ schema: string }>(
    `SELECT n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_stat_statements'`,
  );
  if (found.length === 0) {
    return { unavailable: `pg_stat_statements is not installed in database "${client.database}" (CREATE EXTENSION pg_stat_statements there, with it in shared_preload_libraries)` };
  }
  const view = `${client.escapeIdentifier(found[0]!.schema)}.pg_stat_statements`;
  const topLevel = serverVersionNum >= 140000 ? ' AND toplevel' : '';
  try {
    const { rows } = await client.query<{ queryid: string; calls: string; exec_ms: number }>(
      `SELECT queryid::text AS queryid, sum(calls)::text AS calls, sum(total_exec_time)::float8 AS exec_ms
         FROM ${view} WHERE queryid IS NOT NULL${topLevel} GROUP BY queryid`,
    );
    return { counters: new Map(rows.map((r) => [r.queryid, { calls: Number(r.calls), execMs: Number(r.exec_ms) }])) };
  } catch (err) {
    if ((err as { code?: unknown }).code === NOT_LOADED) {
      return { unavailable: 'pg_stat_statements is installed but not loaded (add it to shared_preload_libraries and restart the server)' };
    }
    throw err;
  }
}
