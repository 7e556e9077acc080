import { execFileSync } from 'node:child_process';
import { accessSync, constants, readdirSync } from 'node:fs';
import path from 'node:path';
import { FailedPreconditionError } from '../../../lib/core/errors';
import { PG_BINDIR_ENV } from '../../../lib/postgres/pg-binaries';

/** Where to look for pgbench; the defaults are this process's environment and Debian's layout. */
export interface PgbenchSearch {
  /** Supplies PATH and PG_AUTOTUNE_PG_BINDIR. @defaultValue process.env */
  env?: NodeJS.ProcessEnv;
  /** Debian/Ubuntu install each major version under `${debianRoot}/VERSION/bin`. @defaultValue '/usr/lib/postgresql' */
  debianRoot?: string;
}

/**
 * The path of a pgbench executable: in the folder PG_AUTOTUNE_PG_BINDIR names (the choice
 * the rest of the project honours too), then `pg_config --bindir` (the installation the
 * user put on PATH), then Debian's /usr/lib/postgresql/VERSION/bin, newest version first
 * (Debian puts only a wrapper, or nothing, on PATH), then PATH itself. Only pgbench is
 * needed: a collector may serve a remote server with just the client programs installed.
 *
 * @throws FailedPreconditionError saying where it looked and to install postgresql-client.
 */
export function findPgbench(search: PgbenchSearch = {}): string {
  const env = search.env ?? process.env;
  const pathEnv = env.PATH ?? '';
  const debianRoot = search.debianRoot ?? '/usr/lib/postgresql';
  const explicit = env[PG_BINDIR_ENV]?.trim();
  const candidates = [
    ...(explicit ? [explicit] : []),
    ...pgConfigBindir(env),
    ...debianBindirs(debianRoot),
    ...pathEnv.split(path.delimiter).filter(Boolean),
  ].map((dir) => path.join(dir, 'pgbench'));
  const found = candidates.find(isExecutable);
  if (found) return found;
  throw new FailedPreconditionError(
    `pgbench not found (looked in ${PG_BINDIR_ENV}, pg_config --bindir, ${debianRoot}/*/bin and PATH): ` +
      'install the PostgreSQL client programs, e.g. `apt-get install postgresql-client` on Debian/Ubuntu',
  );
}

function pgConfigBindir(env: NodeJS.ProcessEnv): string[] {
  try {
    const out = execFileSync('pg_config', ['--bindir'], {
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 5000,
    });
    return [out.trim()].filter(Boolean);
  } catch {
    return []; // no pg_config: keep looking elsewhere
  }
}

function debianBindirs(root: string): string[] {
  let versions: string[];
  try {
    versions = readdirSync(root);
  } catch {
    return [];
  }
  return versions
    .filter((v) => /^\d+(\.\d+)?$/.test(v))
    .sort((a, b) => Number(b) - Number(a))
    .map((v) => path.join(root, v, 'bin'));
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
