import { buildReport, type ReportSource } from '../../lib/report/build-report';
import type { ReportDocument } from '../../lib/report/report-document';
import { AutotuneError, errorMessage, NotFoundError, UnavailableError } from '../../lib/core/errors';
import type { PgTarget } from '../../lib/postgres/pg-target';
import { openStore } from '../../lib/store/metadata-store';
import type { SessionRepository } from '../../lib/store/session-repository';
import { SQLSTATE, sqlState } from '../../lib/store/sql-state';
import { storeLocations, type StoreLocation } from '../../lib/store/store-locations';
import { isLatestSession, LATEST_SESSION } from './latest-session';

export type { StoreLocation };

/** What the offline report reads: the store's repositories, and a way to let go of it. */
export type ReportStore = ReportSource & { sessions: Pick<SessionRepository, 'get' | 'list'>; close(): Promise<void> };

export interface OfflineReportOptions {
  /** --store: the only place looked at when given. */
  store?: string;
  /** @defaultValue openStore({ target }) (schema `autotune`) */
  openStore?: (target: PgTarget) => Promise<ReportStore>;
  /** Where to look. @defaultValue storeLocations({ dsn: store }), the rule `tune` follows */
  locations?: () => StoreLocation[];
  onProgress: (message: string) => void;
}

/**
 * `report` without --api: the report document of a session read straight from a metadata
 * store, the first of the places `tune` may have put it that has the session. Creates
 * nothing: a private store cluster that was never made is skipped, one that was stopped is
 * started for the read and stopped again.
 * @throws NotFoundError when no location has a store or the session; UnavailableError when
 *   the only store given does not answer.
 */
export async function offlineReport(session: string, options: OfflineReportOptions): Promise<ReportDocument> {
  const open = options.openStore ?? ((target: PgTarget) => openStore({ target }));
  const locations = options.locations?.() ?? storeLocations({ dsn: options.store, onProgress: options.onProgress });
  const misses: Array<{ where: string; error: AutotuneError | Error }> = [];

  for (const location of locations) {
    const target = await location.target({ create: false }).catch((err: unknown) => {
      misses.push({ where: location.where, error: err instanceof Error ? err : new Error(String(err)) });
      return undefined;
    });
    if (!target) continue;
    try {
      const store = await open(target).catch((err: unknown) => {
        misses.push({ where: target.describe(), error: missingDatabase(err) ? noStore(target, err) : (err as Error) });
        return undefined;
      });
      if (!store) continue;
      try {
        return await buildReport(store, await resolveSessionId(store, session, target));
      } catch (err) {
        if (!(err instanceof NotFoundError)) throw err;
        misses.push({ where: target.describe(), error: err });
      } finally {
        await store.close();
      }
    } finally {
      // A private store cluster this report had to start is stopped again.
      await location.release();
    }
  }
  throw notFoundAnywhere(session, misses);
}

async function resolveSessionId(store: ReportStore, session: string, target: PgTarget): Promise<string> {
  if (!isLatestSession(session)) {
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
  const hint = `(another store: --store DSN; a running service: --api ADDRESS; the newest session: \`pg-autotune report ${LATEST_SESSION}\`; a new one: \`pg-autotune tune\`)`;
  if (misses.length === 1) {
    const only = misses[0]!.error;
    return only instanceof NotFoundError ? new NotFoundError(`${only.message} ${hint}`, { cause: only }) : only;
  }
  const allUnavailable = misses.length > 0 && misses.every((m) => m.error instanceof UnavailableError);
  const detail = misses.map((m) => `${m.where}: ${errorMessage(m.error)}`).join('; ');
  const message = `${isLatestSession(session) ? 'no session' : `no session "${session}"`} found (${detail}) ${hint}`;
  return allUnavailable ? new UnavailableError(message) : new NotFoundError(message);
}

// openStore wraps every failure to connect; a missing database is one the user can act on.
function missingDatabase(err: unknown): boolean {
  return sqlState(err) === SQLSTATE.invalidCatalogName || sqlState((err as { cause?: unknown } | undefined)?.cause) === SQLSTATE.invalidCatalogName;
}

function noStore(target: PgTarget, cause: unknown): NotFoundError {
  return new NotFoundError(`no metadata store at ${target.describe()}: database "${target.database}" does not exist`, { cause });
}
