import { TOKEN_ENV } from '../../lib/grpc/auth/token-source';
import { CONNECTION_OPTION_ENV } from '../../lib/postgres/connection-options';
import { STOP_WITH_PARENT_ENV } from '../stop-with-parent';

/** What a process needs to run at all: programs (pg_ctl, pgbench), home (~/.pgpass), locale, temp files, node's own flags. */
const PROCESS_ENV = ['PATH', 'HOME', 'USER', 'LOGNAME', 'LANG', 'LC_ALL', 'LC_CTYPE', 'LC_MESSAGES', 'TZ', 'TMPDIR', 'NODE_OPTIONS'];

/** How the collector logs, as `serve all` does. */
const LOGGING_ENV = ['PG_AUTOTUNE_LOG_LEVEL', 'PG_AUTOTUNE_DEBUG'];

/**
 * The environment of a collector `serve all` starts for a registered target: an allow-list,
 * not `serve all`'s environment minus a few names. Whoever may call RegisterInstance chooses
 * the host that collector logs in to, so nothing it inherits may be a secret meant for
 * another server: no PGPASSWORD (it is the store's password too, and libpq sends it to any
 * host asking for it), no PG_AUTOTUNE_STORE or other settings of `serve all`, no PGSERVICE.
 * The target's password comes from a passfile only (PGPASSFILE or ~/.pgpass, both passed on):
 * libpq and node-postgres read only the line matching the target's host:port:db:user.
 * The connection options (PGSSLMODE, ...) are passed on: they are no secrets, and they fill
 * what the registered DSN leaves out, as they do for `serve all --target`.
 * PG_AUTOTUNE_TOKEN is passed on only when `serve all` has no token file: the collector then
 * serves with that token, as `serve all` does.
 * STOP_WITH_PARENT_ENV is set, never inherited: it makes the child stop when `serve all` is gone.
 */
export function targetCollectorEnv(base: NodeJS.ProcessEnv, options: { tokenFile?: string }): NodeJS.ProcessEnv {
  const names = [...PROCESS_ENV, ...LOGGING_ENV, ...Object.values(CONNECTION_OPTION_ENV), ...(options.tokenFile ? [] : [TOKEN_ENV])];
  const env: NodeJS.ProcessEnv = {};
  for (const name of names) if (base[name] !== undefined) env[name] = base[name];
  env[STOP_WITH_PARENT_ENV] = '1';
  return env;
}
