import { Client, type ClientBase } from 'pg';
import { quoteIdentifier } from '../store/sql-identifier';
import type { PgTarget } from './pg-target';

/**
 * How pg-autotune recognises bench data it loaded itself, the only data its template reset
 * touches unless told otherwise: the database's comment (pg_shdescription) starts with this.
 * A comment, not a name rule, because a user's own database may well be called "pgbench".
 */
export const BENCH_DATA_MARK = 'pg-autotune bench data';

/**
 * The comment of a freshly loaded bench database. The load's time stamp in it tells one load
 * from the next, so a template copied from an earlier load (another scale) is seen as stale.
 */
export function benchDataComment(loadedAt: Date): string {
  return `${BENCH_DATA_MARK}, loaded ${loadedAt.toISOString()}`;
}

/** Marks `database` as bench data pg-autotune loaded (COMMENT ON DATABASE; needs its owner or a superuser). */
export async function markBenchData(client: ClientBase, database: string, comment: string): Promise<void> {
  await client.query(`COMMENT ON DATABASE ${quoteIdentifier(database, 'database')} IS ${client.escapeLiteral(comment)}`);
}

/** The comment of `database`, or undefined when it has none or does not exist. */
export async function databaseComment(client: ClientBase, database: string): Promise<string | undefined> {
  const { rows } = await client.query<{ comment: string | null }>(
    `SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1`,
    [database],
  );
  return rows[0]?.comment ?? undefined;
}

/** True when `comment` is one markBenchData wrote. */
export function isBenchDataComment(comment: string | undefined): boolean {
  return comment !== undefined && comment.startsWith(BENCH_DATA_MARK);
}

/**
 * Marks the database of `target` as bench data pg-autotune loaded, with a new load stamp
 * (`fresh`), or only when it carries no mark yet (a sandbox made before marks existed).
 */
export async function markTargetBenchData(target: PgTarget, mode: 'fresh' | 'if-unmarked'): Promise<void> {
  const client = new Client(target.clientConfig({ connectionTimeoutMillis: 10_000 }));
  client.on('error', () => undefined);
  await client.connect();
  try {
    if (mode === 'if-unmarked' && isBenchDataComment(await databaseComment(client, target.database))) return;
    await markBenchData(client, target.database, benchDataComment(new Date()));
  } finally {
    await client.end().catch(() => undefined);
  }
}
