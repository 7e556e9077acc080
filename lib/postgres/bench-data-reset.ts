import { Client } from 'pg';
import { FailedPreconditionError, UnavailableError, errorMessage } from '../core/errors';
import { quoteIdentifier } from '../store/sql-identifier';
import { BENCH_DATA_MARK, databaseComment, isBenchDataComment, markBenchData } from './bench-data-marker';
import type { PgTarget } from './pg-target';

/** The databases one bench database's reset uses, all derived from its name. */
export interface BenchDataNames {
  database: string;
  /** The pristine copy every reset copies from. */
  template: string;
  /** A reset's new copy until it is swapped in. */
  next: string;
  /** The replaced database between the swap and its drop. */
  old: string;
}

/** Where a reset is, for tests that interrupt it (a crash at that point). */
export type ResetStage = 'template-ready' | 'copied' | 'renamed-away';

export interface ResetBenchDataOptions {
  /** The bench database (its `database`) on its server. */
  target: PgTarget;
  /** Also a database pg-autotune did not load (data_reset "force"). @defaultValue false */
  force?: boolean;
  /** How long to wait for other sessions on the bench database to end. @defaultValue 10 */
  waitForSessionsS?: number;
  /** Called as each stage is reached; a throw there is a crash at that point. */
  onStage?: (stage: ResetStage) => Promise<void> | void;
}

export type ResetOutcome = 'reset' | 'not-bench-data';

// Databases whose replacement would break the server or other tools' assumptions.
const NEVER_RESET = new Set(['postgres', 'template0', 'template1']);
const SUFFIX = { template: '__autotune_tpl', next: '__autotune_new', old: '__autotune_old' } as const;
const MAX_IDENTIFIER = 63;

/**
 * The template's and the temporary copies' names for `database`.
 * @throws FailedPreconditionError when the derived names would not fit PostgreSQL's 63 bytes.
 */
export function benchDataNames(database: string): BenchDataNames {
  const longest = Math.max(...Object.values(SUFFIX).map((s) => s.length));
  if (Buffer.byteLength(database) + longest > MAX_IDENTIFIER) {
    throw new FailedPreconditionError(
      `the bench database name "${database}" is too long for a template reset (at most ${MAX_IDENTIFIER - longest} bytes); set benchmark.data_reset to off`,
    );
  }
  return { database, template: database + SUFFIX.template, next: database + SUFFIX.next, old: database + SUFFIX.old };
}

/**
 * Re-creates the bench database from its template, so every run starts from the same
 * unbloated tables:
 *
 * 1. Connect to the `postgres` maintenance database (never the bench database: CREATE
 *    DATABASE ... TEMPLATE and RENAME need it and the template free of sessions).
 * 2. Recover what an interrupted reset left: a leftover copy or replaced database is dropped;
 *    were the bench database ever missing, the replaced one is renamed back.
 * 3. Unless `force`, only a database marked as pg-autotune's bench data (bench-data-marker.ts)
 *    is touched; any other is left alone ('not-bench-data').
 * 4. The template is (re)made from the bench database when missing or from another load (its
 *    comment differs), and closed to connections so nothing can change it.
 * 5. Wait until no other session uses the bench database or the template (the collector's own
 *    connections are closed by then; pgbench's backends may take a moment to exit). Others
 *    that stay are the caller's precondition: they are never terminated.
 * 6. CREATE DATABASE <next> TEMPLATE <template> STRATEGY FILE_COPY (a file copy: fast, and
 *    WAL-light), owned by the bench database's owner.
 * 7. In ONE transaction: rename the bench database away, rename the copy to its name, mark it.
 *    A crash before the commit changes nothing, so the bench database is never missing.
 * 8. Drop the replaced database.
 *
 * Identifiers are derived from the target's database name and quoted with quoteIdentifier;
 * the comment is an escaped literal.
 * @throws FailedPreconditionError when the database may not be reset or other sessions stay on it.
 */
export async function resetBenchData(options: ResetBenchDataOptions): Promise<ResetOutcome> {
  const { target, force = false, waitForSessionsS = 10, onStage = () => undefined } = options;
  const names = benchDataNames(target.database);
  if (NEVER_RESET.has(names.database)) {
    throw new FailedPreconditionError(`the database "${names.database}" is never reset from a template; set benchmark.data_reset to off`);
  }
  const q = quoteName(names);
  return withMaintenanceClient(target, async (client) => {
    await recoverInterruptedReset(client, names, q);
    const comment = await databaseComment(client, names.database);
    if (!force && !isBenchDataComment(comment)) return 'not-bench-data';
    // The template carries the load stamp of the data it copied: one of another load (a
    // reload at another scale) is stale. A forced database's template carries a fixed mark.
    const templateMark = isBenchDataComment(comment) ? comment! : `${BENCH_DATA_MARK}, template of ${names.database}`;
    if ((await databaseComment(client, names.template)) !== templateMark) {
      await waitForNoSessions(client, [names.database, names.template], waitForSessionsS);
      await client.query(`DROP DATABASE IF EXISTS ${q.template}`);
      await client.query(`CREATE DATABASE ${q.template} TEMPLATE ${q.database} ${await fileCopy(client)}`);
      await client.query(`ALTER DATABASE ${q.template} ALLOW_CONNECTIONS false`);
      await markBenchData(client, names.template, templateMark);
    }
    await onStage('template-ready');
    await waitForNoSessions(client, [names.database, names.template], waitForSessionsS);
    const owner = await databaseOwner(client, names.database);
    await client.query(`CREATE DATABASE ${q.next} TEMPLATE ${q.template} ${await fileCopy(client)} OWNER ${quoteIdentifier(owner, 'owner')}`);
    await onStage('copied');
    await waitForNoSessions(client, [names.database], waitForSessionsS);
    await client.query('BEGIN');
    try {
      await client.query(`ALTER DATABASE ${q.database} RENAME TO ${q.old}`);
      await onStage('renamed-away');
      await client.query(`ALTER DATABASE ${q.next} RENAME TO ${q.database}`);
      // Comments belong to a database's OID, not its files: the copy gets the original's back.
      if (comment !== undefined) await markBenchData(client, names.database, comment);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
    await client.query(`DROP DATABASE ${q.old}`);
    return 'reset';
  });
}

type QuotedNames = { [K in keyof BenchDataNames]: string };

function quoteName(names: BenchDataNames): QuotedNames {
  return {
    database: quoteIdentifier(names.database, 'database'),
    template: quoteIdentifier(names.template, 'database'),
    next: quoteIdentifier(names.next, 'database'),
    old: quoteIdentifier(names.old, 'database'),
  };
}

async function recoverInterruptedReset(client: Client, names: BenchDataNames, q: QuotedNames): Promise<void> {
  const present = new Set(
    (await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname = ANY($1)', [[names.database, names.old, names.next]])).rows.map(
      (r) => r.datname,
    ),
  );
  // The swap is one transaction, so this cannot follow from a crash of ours; it is repaired
  // rather than assumed, because without it the bench database would be gone.
  if (!present.has(names.database) && present.has(names.old)) {
    await client.query(`ALTER DATABASE ${q.old} RENAME TO ${q.database}`);
    present.delete(names.old);
  }
  if (!present.has(names.database)) {
    throw new FailedPreconditionError(`the bench database "${names.database}" does not exist; load it again (sandbox up) or set benchmark.data_reset to off`);
  }
  if (present.has(names.old)) await client.query(`DROP DATABASE ${q.old}`);
  if (present.has(names.next)) await client.query(`DROP DATABASE ${q.next}`);
}

// PG 15 added STRATEGY and made WAL_LOG the default; FILE_COPY copies the files after a
// checkpoint, which for a template of a few hundred MB is faster and writes far less WAL.
// Before 15, file copy is the only way and the clause does not exist.
async function fileCopy(client: Client): Promise<string> {
  const { rows } = await client.query<{ num: string }>(`SELECT current_setting('server_version_num') AS num`);
  return Number(rows[0]!.num) >= 150_000 ? 'STRATEGY FILE_COPY' : '';
}

async function databaseOwner(client: Client, database: string): Promise<string> {
  const { rows } = await client.query<{ owner: string }>(
    'SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = $1',
    [database],
  );
  return rows[0]!.owner;
}

async function waitForNoSessions(client: Client, databases: string[], timeoutS: number): Promise<void> {
  const deadline = Date.now() + timeoutS * 1000;
  for (;;) {
    const { rows } = await client.query<{ n: string }>(
      'SELECT count(*) AS n FROM pg_stat_activity WHERE datname = ANY($1) AND pid <> pg_backend_pid()',
      [databases],
    );
    const others = Number(rows[0]!.n);
    if (others === 0) return;
    if (Date.now() >= deadline) {
      throw new FailedPreconditionError(
        `${others} other session(s) stayed connected to ${databases.join(' or ')} for ${timeoutS} s; a template reset needs none (close them, or set benchmark.data_reset to off)`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function withMaintenanceClient<T>(target: PgTarget, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client(target.withDatabase('postgres').clientConfig({ connectionTimeoutMillis: 10_000 }));
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (err) {
    throw new UnavailableError(`the maintenance database "postgres" at ${target.describe()} does not answer: ${errorMessage(err)}`, { cause: err });
  }
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}
