import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { buildReport, type ReportSource } from '../../lib/report/build-report';
import { renderAlterSystem } from '../../lib/report/render-alter-system';
import { renderHtml } from '../../lib/report/render-html';
import { renderPostgresqlConf } from '../../lib/report/render-postgresql-conf';
import { renderTerminalTable } from '../../lib/report/render-terminal-table';
import { reportStoreLocations, type StoreLocation } from '../../lib/report/report-store-locations';
import { AutotuneError, errorMessage, FailedPreconditionError, NotFoundError, UnavailableError } from '../../lib/core/errors';
import type { PgTarget } from '../../lib/postgres/pg-target';
import { openStore } from '../../lib/store/metadata-store';
import type { SessionRepository } from '../../lib/store/session-repository';
import { SQLSTATE, sqlState } from '../../lib/store/sql-state';
import { say } from '../option-parsers';

export interface ReportCommandOptions {
  /** Write the HTML page here. */
  html?: string;
  /** Write the JSON document here. */
  json?: string;
  /** The metadata store's DSN; without it, the places `tune` uses (see reportStoreLocations). */
  store?: string;
}

/** What the report command reads: the store's repositories, and a way to let go of it. */
export type ReportStore = ReportSource & { sessions: Pick<SessionRepository, 'get' | 'list'>; close(): Promise<void> };

/** Seams for tests; every field has the real thing as default. */
export interface ReportCommandDeps {
  /** @defaultValue openStore({ target }) (schema `autotune`) */
  openStore?: (target: PgTarget) => Promise<ReportStore>;
  /** Where to look for the session. @defaultValue reportStoreLocations({ dsn: options.store }) */
  locations?: (options: ReportCommandOptions) => StoreLocation[];
  /** The report itself. @defaultValue process.stdout */
  stdout?: (text: string) => void;
  /** Notes for people ("wrote report.html"). @defaultValue process.stderr */
  stderr?: (text: string) => void;
}

/** The word that names the newest session instead of its id. */
export const LATEST_SESSION = 'latest';

/**
 * `pg-autotune report SESSION [--html F] [--json F] [--store DSN]`: prints the terminal
 * table, the ALTER SYSTEM statements and the postgresql.conf snippet of a session to stdout,
 * and writes the HTML page and the JSON document when asked.
 */
export function registerReportCommand(program: Command, deps: ReportCommandDeps = {}): Command {
  return program
    .command('report')
    .description('Show the report of a tuning session: baseline vs recommended, ALTER SYSTEM statements, a postgresql.conf snippet; optionally an HTML page and JSON.')
    .argument('<session>', `the session id, or "${LATEST_SESSION}" for the newest`)
    .option('--html <file>', 'also write a self-contained HTML page with charts')
    .option('--json <file>', 'also write the report as JSON (format pg-autotune-report/v1)')
    .option('--store <dsn>', 'metadata store (default: where `tune` keeps it: the local server from PG* variables, database pg_autotune, else its private store cluster)')
    .action((session: string, options: ReportCommandOptions) => runReportCommand(session, options, deps));
}

/**
 * The command's action: finds the session in the first store location that has it.
 * @throws NotFoundError when no location has a store or the session; UnavailableError when
 *   the only store given does not answer; FailedPreconditionError when a file cannot be written.
 */
export async function runReportCommand(session: string, options: ReportCommandOptions, deps: ReportCommandDeps = {}): Promise<void> {
  const stdout = deps.stdout ?? ((text: string) => void process.stdout.write(text));
  const stderr = deps.stderr ?? say;
  const open = deps.openStore ?? ((target: PgTarget) => openStore({ target }));
  const locations = (deps.locations ?? ((o) => reportStoreLocations({ dsn: o.store, onProgress: stderr })))(options);
  const misses: Array<{ where: string; error: AutotuneError | Error }> = [];

  for (const location of locations) {
    const target = await location.target().catch((err: unknown) => {
      misses.push({ where: location.where, error: err instanceof Error ? err : new Error(String(err)) });
      return undefined;
    });
    if (!target) continue;
    const store = await open(target).catch((err: unknown) => {
      misses.push({ where: target.describe(), error: missingDatabase(err) ? noStore(target, err) : (err as Error) });
      return undefined;
    });
    if (!store) continue;
    try {
      const sessionId = await resolveSessionId(store, session, target);
      const doc = await buildReport(store, sessionId);
      stdout(`${renderTerminalTable(doc)}\n${renderAlterSystem(doc)}\n${renderPostgresqlConf(doc)}`);
      if (options.json) await writeReportFile(options.json, '--json', `${JSON.stringify(doc, null, 2)}\n`, stderr);
      if (options.html) await writeReportFile(options.html, '--html', renderHtml(doc), stderr);
      return;
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
      misses.push({ where: target.describe(), error: err });
    } finally {
      await store.close();
    }
  }
  throw notFoundAnywhere(session, misses);
}

async function resolveSessionId(store: ReportStore, session: string, target: PgTarget): Promise<string> {
  if (session.trim().toLowerCase() !== LATEST_SESSION) {
    // Checked here so the error names the store; buildReport would only say "no session".
    await store.sessions.get(session.trim()).catch((err: unknown) => {
      throw err instanceof NotFoundError ? new NotFoundError(`no session "${session}" in the metadata store ${target.describe()}`, { cause: err }) : err;
    });
    return session.trim();
  }
  const [newest] = await store.sessions.list();
  if (!newest) throw new NotFoundError(`the metadata store ${target.describe()} holds no session yet`);
  return newest.id;
}

/** One error for every place looked at: the single one as it is, several summed up. */
function notFoundAnywhere(session: string, misses: Array<{ where: string; error: Error }>): Error {
  const hint = `(another store: --store DSN; the newest session: \`pg-autotune report ${LATEST_SESSION}\`; a new one: \`pg-autotune tune\`)`;
  if (misses.length === 1) {
    const only = misses[0]!.error;
    return only instanceof NotFoundError ? new NotFoundError(`${only.message} ${hint}`, { cause: only }) : only;
  }
  const allUnavailable = misses.length > 0 && misses.every((m) => m.error instanceof UnavailableError);
  const detail = misses.map((m) => `${m.where}: ${errorMessage(m.error)}`).join('; ');
  const message = `${session === LATEST_SESSION ? 'no session' : `no session "${session}"`} found (${detail}) ${hint}`;
  return allUnavailable ? new UnavailableError(message) : new NotFoundError(message);
}

// openStore wraps every failure to connect; a missing database is one the user can act on.
function missingDatabase(err: unknown): boolean {
  return sqlState(err) === SQLSTATE.invalidCatalogName || sqlState((err as { cause?: unknown } | undefined)?.cause) === SQLSTATE.invalidCatalogName;
}

function noStore(target: PgTarget, cause: unknown): NotFoundError {
  return new NotFoundError(`no metadata store at ${target.describe()}: database "${target.database}" does not exist`, { cause });
}

async function writeReportFile(path: string, option: string, content: string, stderr: (text: string) => void): Promise<void> {
  try {
    await writeFile(path, content);
  } catch (err) {
    throw new FailedPreconditionError(`${option}: cannot write ${path}: ${errorMessage(err)}`, { cause: err });
  }
  stderr(`wrote ${path}`);
}
