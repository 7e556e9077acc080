import { spawnSync } from 'node:child_process';
import { accessSync, constants, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { FailedPreconditionError } from '../core/errors';

/** Where the PostgreSQL server programs of one installation are. */
export interface PgBinaries {
  binDir: string;
  initdb: string;
  pgCtl: string;
  postgres: string;
  pgbench: string;
  /** Undefined when the installation has no psql (nothing here needs it). */
  psql?: string;
  majorVersion: number;
  /** Holds `extension/*.control`; undefined when no pg_config describes this installation. */
  shareDir?: string;
  /** Holds loadable modules such as pg_stat_statements.so; undefined like `shareDir`. */
  pkgLibDir?: string;
}

/** What discovery reads from the system; the unit tests pass a fake with a known answer. */
export interface PgBinariesProbe {
  env: NodeJS.ProcessEnv;
  /** Trimmed output of `<pgConfig> <flag>`, undefined when it cannot run. `pgConfig` may be a bare name found on PATH. */
  pgConfig(pgConfig: string, flag: string): string | undefined;
  /** `postgres --version` output, undefined when it cannot run. */
  postgresVersion(postgres: string): string | undefined;
  isExecutable(file: string): boolean;
  /** Entry names of a folder, empty when it does not exist. */
  listDir(dir: string): string[];
}

/** The env variable that names the folder holding initdb, pg_ctl, postgres and pgbench. */
export const PG_BINDIR_ENV = 'PG_AUTOTUNE_PG_BINDIR';

// Debian and Ubuntu install each major version side by side under this folder.
const DEBIAN_ROOT = '/usr/lib/postgresql';
const REQUIRED = ['initdb', 'pg_ctl', 'postgres', 'pgbench'] as const;

const INSTALL_HINT =
  'install the PostgreSQL server: Debian/Ubuntu `apt-get install postgresql postgresql-contrib`, ' +
  'Fedora/RHEL `dnf install postgresql-server postgresql-contrib`, macOS `brew install postgresql@16`; ' +
  `or set ${PG_BINDIR_ENV} to the folder holding initdb, pg_ctl, postgres and pgbench`;

/**
 * Finds the server programs, in this order: the folder in PG_AUTOTUNE_PG_BINDIR (an explicit
 * choice: an error if incomplete), `pg_config --bindir` from PATH, the newest
 * /usr/lib/postgresql/<major>/bin (Debian: /usr/bin/pg_config may belong to libpq-dev and
 * name a folder without initdb), then a folder on PATH holding them all (Fedora, Arch).
 *
 * @throws FailedPreconditionError naming what to install when none is complete.
 */
export function findPgBinaries(probe: PgBinariesProbe = systemProbe()): PgBinaries {
  const explicit = probe.env[PG_BINDIR_ENV]?.trim();
  if (explicit) {
    const missing = missingPrograms(probe, explicit);
    if (missing.length > 0) {
      throw new FailedPreconditionError(
        `${PG_BINDIR_ENV}=${explicit} lacks ${missing.join(', ')}; point it at a PostgreSQL bin folder or ${INSTALL_HINT}`,
      );
    }
    return describe(probe, explicit);
  }
  const tried: string[] = [];
  for (const candidate of candidateDirs(probe)) {
    if (missingPrograms(probe, candidate).length === 0) return describe(probe, candidate);
    tried.push(candidate);
  }
  const looked = tried.length > 0 ? ` (looked in ${tried.join(', ')})` : '';
  throw new FailedPreconditionError(`PostgreSQL server programs not found${looked}; ${INSTALL_HINT}`);
}

const CLIENT_INSTALL_HINT =
  'install the PostgreSQL client programs: Debian/Ubuntu `apt-get install postgresql-client`, ' +
  'Fedora/RHEL `dnf install postgresql`, macOS `brew install libpq`; ' +
  `or set ${PG_BINDIR_ENV} to the folder holding pgbench`;

/**
 * Finds pgbench alone, where findPgBinaries looks and in the same order: a collector may serve
 * a remote server from a machine with only the client programs installed.
 *
 * @throws FailedPreconditionError naming what to install when there is none.
 */
export function findPgbench(probe: PgBinariesProbe = systemProbe()): string {
  const explicit = probe.env[PG_BINDIR_ENV]?.trim();
  const dirs = explicit ? [explicit] : candidateDirs(probe);
  const found = dirs.map((dir) => path.join(dir, 'pgbench')).find((file) => probe.isExecutable(file));
  if (found) return found;
  const where = explicit ? `${PG_BINDIR_ENV}=${explicit}` : dirs.join(', ') || 'no folder (PATH is empty)';
  throw new FailedPreconditionError(`pgbench not found (looked in ${where}); ${CLIENT_INSTALL_HINT}`);
}

/** The major version in `postgres --version` output such as "postgres (PostgreSQL) 15.20 (Debian ...)". */
export function parsePgMajorVersion(versionOutput: string): number | undefined {
  const match = /\(PostgreSQL\)\s+(\d+)/.exec(versionOutput);
  return match ? Number(match[1]) : undefined;
}

function candidateDirs(probe: PgBinariesProbe): string[] {
  const dirs: string[] = [];
  const fromPgConfig = probe.pgConfig('pg_config', '--bindir');
  if (fromPgConfig) dirs.push(fromPgConfig);
  const debianMajors = probe
    .listDir(DEBIAN_ROOT)
    .filter((name) => /^\d+(\.\d+)?$/.test(name))
    .sort((a, b) => Number(b) - Number(a));
  for (const major of debianMajors) dirs.push(path.join(DEBIAN_ROOT, major, 'bin'));
  for (const dir of (probe.env.PATH ?? '').split(path.delimiter)) if (dir) dirs.push(dir);
  return [...new Set(dirs)];
}

function missingPrograms(probe: PgBinariesProbe, dir: string): string[] {
  return REQUIRED.filter((name) => !probe.isExecutable(path.join(dir, name)));
}

function describe(probe: PgBinariesProbe, binDir: string): PgBinaries {
  const postgres = path.join(binDir, 'postgres');
  const version = probe.postgresVersion(postgres);
  const majorVersion = version === undefined ? undefined : parsePgMajorVersion(version);
  if (majorVersion === undefined) {
    throw new FailedPreconditionError(`${postgres} --version did not answer with a PostgreSQL version (${version ?? 'it did not run'}); ${INSTALL_HINT}`);
  }
  const psql = path.join(binDir, 'psql');
  const dirs = installationDirs(probe, binDir);
  return {
    binDir,
    initdb: path.join(binDir, 'initdb'),
    pgCtl: path.join(binDir, 'pg_ctl'),
    postgres,
    pgbench: path.join(binDir, 'pgbench'),
    ...(probe.isExecutable(psql) ? { psql } : {}),
    majorVersion,
    ...dirs,
  };
}

// The share and module folders come from the pg_config of this very installation: the one
// beside the programs, else the one on PATH when it reports the same bin folder.
function installationDirs(probe: PgBinariesProbe, binDir: string): Pick<PgBinaries, 'shareDir' | 'pkgLibDir'> {
  const local = path.join(binDir, 'pg_config');
  const pgConfig = probe.isExecutable(local)
    ? local
    : probe.pgConfig('pg_config', '--bindir') === binDir
      ? 'pg_config'
      : undefined;
  if (!pgConfig) return {};
  const shareDir = probe.pgConfig(pgConfig, '--sharedir');
  const pkgLibDir = probe.pgConfig(pgConfig, '--pkglibdir');
  return { ...(shareDir ? { shareDir } : {}), ...(pkgLibDir ? { pkgLibDir } : {}) };
}

/** The probe that reads the real system. */
export function systemProbe(env: NodeJS.ProcessEnv = process.env): PgBinariesProbe {
  const output = (file: string, args: string[]): string | undefined => {
    const result = spawnSync(file, args, { encoding: 'utf8', env, timeout: 10_000 });
    return result.status === 0 ? result.stdout.trim() : undefined;
  };
  return {
    env,
    pgConfig: (pgConfig, flag) => output(pgConfig, [flag]),
    postgresVersion: (postgres) => output(postgres, ['--version']),
    isExecutable: (file) => {
      try {
        accessSync(file, constants.X_OK);
        return statSync(file).isFile();
      } catch {
        return false;
      }
    },
    listDir: (dir) => {
      try {
        return readdirSync(dir);
      } catch {
        return [];
      }
    },
  };
}
