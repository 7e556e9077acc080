import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { buildReport, type ReportSource } from '../../services/report/build-report';
import { renderAlterSystem } from '../../services/report/render-alter-system';
import { renderHtml } from '../../services/report/render-html';
import { renderPostgresqlConf } from '../../services/report/render-postgresql-conf';
import { renderTerminalTable } from '../../services/report/render-terminal-table';
import { errorMessage, FailedPreconditionError, NotFoundError } from '../../services/shared/errors';
import type { PgTarget } from '../../services/shared/pg-target';
import { openStore } from '../../services/store/metadata-store';
import { resolveStoreTarget } from '../../services/store/resolve-store-target';
import type { SessionRepository } from '../../services/store/session-repository';
import { SQLSTATE, sqlState } from '../../services/store/sql-state';
import { say } from '../option-parsers';

export interface ReportCommandOptions {
  /** Write the HTML page here. */
  html?: string;
  /** Write the JSON document here. */
  json?: string;
  /** The metadata store's DSN (see resolveStoreTarget). */
  store?: string;
}

/** What the report command reads: the store's repositories, and a way to let go of it. */
export type ReportStore = ReportSource & { sessions: Pick<SessionRepository, 'get' | 'list'>; close(): Promise<void> };

/** Seams for tests; every field has the real thing as default. */
export interface ReportCommandDeps {
  /** @defaultValue openStore({ target }) (schema `autotune`) */
  openStore?: (target: PgTarget) => Promise<ReportStore>;
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
    .option('--store <dsn>', 'metadata store (default: the local server from PG* variables, database pg_autotune)')
    .action((session: string, options: ReportCommandOptions) => runReportCommand(session, options, deps));
}

/**
 * The command's action.
 * @throws NotFoundError when the store or the session does not exist; UnavailableError when
 *   the store does not answer; FailedPreconditionError when a file cannot be written.
 */
export async function runReportCommand(session: string, options: ReportCommandOptions, deps: ReportCommandDeps = {}): Promise<void> {
  const stdout = deps.stdout ?? ((text: string) => void process.stdout.write(text));
  const stderr = deps.stderr ?? say;
  const target = resolveStoreTarget(options.store);
  const store = await (deps.openStore ?? openDefaultStore)(target).catch((err: unknown) => {
    throw missingDatabase(err) ? noStore(target, err) : err;
  });
  try {
    const sessionId = await resolveSessionId(store, session, target);
    const doc = await buildReport(store, sessionId).catch((err: unknown) => {
      if (err instanceof NotFoundError) {
        throw new NotFoundError(`no session "${session}" in the metadata store ${target.describe()} (another store: --store DSN; the newest session: \`pg-autotune report ${LATEST_SESSION}\`)`, { cause: err });
      }
      throw err;
    });
    stdout(`${renderTerminalTable(doc)}\n${renderAlterSystem(doc)}\n${renderPostgresqlConf(doc)}`);
    if (options.json) await writeReportFile(options.json, '--json', `${JSON.stringify(doc, null, 2)}\n`, stderr);
    if (options.html) await writeReportFile(options.html, '--html', renderHtml(doc), stderr);
  } finally {
    await store.close();
  }
}

async function openDefaultStore(target: PgTarget): Promise<ReportStore> {
  return openStore({ target });
}

async function resolveSessionId(store: ReportStore, session: string, target: PgTarget): Promise<string> {
  if (session.trim().toLowerCase() !== LATEST_SESSION) return session.trim();
  const [newest] = await store.sessions.list();
  if (!newest) throw new NotFoundError(`the metadata store ${target.describe()} holds no session yet; start one with \`pg-autotune tune\``);
  return newest.id;
}

// openStore wraps every failure to connect; a missing database is one the user can act on.
function missingDatabase(err: unknown): boolean {
  return sqlState(err) === SQLSTATE.invalidCatalogName || sqlState((err as { cause?: unknown } | undefined)?.cause) === SQLSTATE.invalidCatalogName;
}

function noStore(target: PgTarget, cause: unknown): NotFoundError {
  return new NotFoundError(
    `no metadata store at ${target.describe()}: database "${target.database}" does not exist (run \`pg-autotune tune\` first, or pass --store DSN)`,
    { cause },
  );
}

async function writeReportFile(path: string, option: string, content: string, stderr: (text: string) => void): Promise<void> {
  try {
    await writeFile(path, content);
  } catch (err) {
    throw new FailedPreconditionError(`${option}: cannot write ${path}: ${errorMessage(err)}`, { cause: err });
  }
  stderr(`wrote ${path}`);
}
