import type { Command } from 'commander';
import { InvalidArgumentError } from '../../lib/core/errors';
import type { PgTarget } from '../../lib/postgres/pg-target';
import { say } from '../option-parsers';
import { apiReport } from '../report/api-report';
import { LATEST_SESSION } from '../report/latest-session';
import { offlineReport, type ReportStore, type StoreLocation } from '../report/offline-report';
import { printReport } from '../report/print-report';

export interface ReportCommandOptions {
  /** Write the HTML page here. */
  html?: string;
  /** Write the JSON document here. */
  json?: string;
  /** Ask the Recommendation service at this address (host:port). */
  api?: string;
  /** Offline: the metadata store's DSN; without it (and without --api), the places `tune` uses (storeLocations). */
  store?: string;
}

/** Seams for tests; every field has the real thing as default. */
export interface ReportCommandDeps {
  /** Offline: opens a store. @defaultValue openStore({ target }) (schema `autotune`) */
  openStore?: (target: PgTarget) => Promise<ReportStore>;
  /** Offline: where to look for the session. @defaultValue storeLocations({ dsn: options.store }) */
  locations?: (options: ReportCommandOptions) => StoreLocation[];
  /** The report itself. @defaultValue process.stdout */
  stdout?: (text: string) => void;
  /** Notes for people ("wrote report.html"). @defaultValue process.stderr */
  stderr?: (text: string) => void;
}

/**
 * `pg-autotune report SESSION [--api ADDRESS | --store DSN] [--html F] [--json F]`: prints the
 * terminal table, the ALTER SYSTEM statements and the postgresql.conf snippet of a session to
 * stdout, and writes the HTML page and the JSON document when asked.
 */
export function registerReportCommand(program: Command, deps: ReportCommandDeps = {}): Command {
  return program
    .command('report')
    .description('Show the report of a tuning session: baseline vs recommended, ALTER SYSTEM statements, a postgresql.conf snippet; optionally an HTML page and JSON.')
    .argument('<session>', `the session id, or "${LATEST_SESSION}" for the newest`)
    .option('--html <file>', 'also write a self-contained HTML page with charts')
    .option('--json <file>', 'also write the report as JSON (format pg-autotune-report/v1)')
    .option('--api <address>', 'ask the Recommendation service at this address (host:port), e.g. a `pg-autotune serve recommendation`')
    .option('--store <dsn>', 'without --api, read this metadata store (default: where `tune` keeps it: the local server from PG* variables, database pg_autotune, else its private store cluster)')
    .action((session: string, options: ReportCommandOptions) => runReportCommand(session, options, deps));
}

/**
 * The command's action: the report from the service given with --api; without it, read
 * offline from the first store location that has the session (offlineReport).
 * @throws InvalidArgumentError for --api with --store; NotFoundError, UnavailableError as the
 *   source says; FailedPreconditionError when a file cannot be written.
 */
export async function runReportCommand(session: string, options: ReportCommandOptions, deps: ReportCommandDeps = {}): Promise<void> {
  const stdout = deps.stdout ?? ((text: string) => void process.stdout.write(text));
  const stderr = deps.stderr ?? say;
  if (options.api !== undefined && options.store !== undefined) {
    throw new InvalidArgumentError('--store', 'reads a store directly, --api asks a service (which knows its store): give one of them');
  }
  const locations = deps.locations;
  const doc =
    options.api !== undefined
      ? await apiReport(options.api, session)
      : await offlineReport(session, {
          store: options.store,
          openStore: deps.openStore,
          locations: locations && (() => locations(options)),
          onProgress: stderr,
        });
  await printReport(doc, {
    json: options.json === undefined ? undefined : { path: options.json, option: '--json' },
    html: options.html === undefined ? undefined : { path: options.html, option: '--html' },
    stdout,
    stderr,
  });
}
