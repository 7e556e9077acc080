import { describe, expect, it } from 'vitest';
import { FailedPreconditionError } from '../../lib/core/errors';
import { findPgbench, findPgBinaries, parsePgMajorVersion, systemProbe, type PgBinariesProbe } from '../../lib/postgres/pg-binaries';

const SERVER_PROGRAMS = ['initdb', 'pg_ctl', 'postgres', 'pgbench'];

/** A system with the given executables; pg_config answers from `pgConfig`, keyed "path flag". */
function fakeProbe(setup: { env?: NodeJS.ProcessEnv; files?: string[]; dirs?: Record<string, string[]>; pgConfig?: Record<string, string>; versions?: Record<string, string> }): PgBinariesProbe {
  const files = new Set(setup.files ?? []);
  return {
    env: setup.env ?? {},
    pgConfig: (pgConfig, flag) => setup.pgConfig?.[`${pgConfig} ${flag}`],
    postgresVersion: (postgres) => setup.versions?.[postgres] ?? (files.has(postgres) ? 'postgres (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)' : undefined),
    isExecutable: (file) => files.has(file),
    listDir: (dir) => setup.dirs?.[dir] ?? [],
  };
}

const installedIn = (dir: string, extra: string[] = []) => [...SERVER_PROGRAMS, ...extra].map((name) => `${dir}/${name}`);

describe('findPgBinaries', () => {
  it('prefers PG_AUTOTUNE_PG_BINDIR over everything else', () => {
    const probe = fakeProbe({
      env: { PG_AUTOTUNE_PG_BINDIR: '/opt/pg17/bin' },
      files: [...installedIn('/opt/pg17/bin'), ...installedIn('/usr/lib/postgresql/15/bin')],
      dirs: { '/usr/lib/postgresql': ['15'] },
      versions: { '/opt/pg17/bin/postgres': 'postgres (PostgreSQL) 17.2' },
    });
    expect(findPgBinaries(probe)).toMatchObject({ binDir: '/opt/pg17/bin', pgCtl: '/opt/pg17/bin/pg_ctl', majorVersion: 17 });
  });

  it('names the variable and the missing programs when PG_AUTOTUNE_PG_BINDIR is incomplete', () => {
    const probe = fakeProbe({ env: { PG_AUTOTUNE_PG_BINDIR: '/opt/pg/bin' }, files: ['/opt/pg/bin/postgres', '/opt/pg/bin/pg_ctl'] });
    expect(() => findPgBinaries(probe)).toThrow(/PG_AUTOTUNE_PG_BINDIR=\/opt\/pg\/bin lacks initdb, pgbench/);
  });

  it('uses pg_config --bindir and its share and module folders', () => {
    const probe = fakeProbe({
      files: installedIn('/usr/local/pgsql/bin'),
      pgConfig: {
        'pg_config --bindir': '/usr/local/pgsql/bin',
        'pg_config --sharedir': '/usr/local/pgsql/share',
        'pg_config --pkglibdir': '/usr/local/pgsql/lib',
      },
    });
    const found = findPgBinaries(probe);
    expect(found).toMatchObject({ binDir: '/usr/local/pgsql/bin', shareDir: '/usr/local/pgsql/share', pkgLibDir: '/usr/local/pgsql/lib' });
    expect(found.psql).toBeUndefined();
  });

  it('skips a pg_config whose folder lacks initdb (Debian libpq-dev) and takes the newest Debian major', () => {
    const probe = fakeProbe({
      files: [...installedIn('/usr/lib/postgresql/9.6/bin'), ...installedIn('/usr/lib/postgresql/16/bin', ['psql', 'pg_config']), '/usr/bin/pgbench'],
      dirs: { '/usr/lib/postgresql': ['9.6', '16', 'lib-not-a-version'] },
      pgConfig: {
        'pg_config --bindir': '/usr/bin',
        '/usr/lib/postgresql/16/bin/pg_config --sharedir': '/usr/share/postgresql/16',
      },
      versions: { '/usr/lib/postgresql/16/bin/postgres': 'postgres (PostgreSQL) 16.4' },
    });
    expect(findPgBinaries(probe)).toMatchObject({
      binDir: '/usr/lib/postgresql/16/bin',
      psql: '/usr/lib/postgresql/16/bin/psql',
      shareDir: '/usr/share/postgresql/16',
      majorVersion: 16,
    });
  });

  it('finds programs on PATH when nothing else has them (Fedora, Arch)', () => {
    const probe = fakeProbe({ env: { PATH: '/usr/local/bin:/usr/bin' }, files: installedIn('/usr/bin') });
    expect(findPgBinaries(probe).binDir).toBe('/usr/bin');
  });

  it('says what to install when no PostgreSQL is found', () => {
    const attempt = () => findPgBinaries(fakeProbe({ env: { PATH: '/usr/bin' } }));
    expect(attempt).toThrow(FailedPreconditionError);
    expect(attempt).toThrow(/apt-get install postgresql postgresql-contrib/);
    expect(attempt).toThrow(/PG_AUTOTUNE_PG_BINDIR/);
  });

  it('rejects a postgres that does not report a version', () => {
    const probe = fakeProbe({ files: installedIn('/x/bin'), pgConfig: { 'pg_config --bindir': '/x/bin' }, versions: { '/x/bin/postgres': 'garbage' } });
    expect(() => findPgBinaries(probe)).toThrow(/did not answer with a PostgreSQL version/);
  });
});

describe('findPgbench', () => {
  it('looks where findPgBinaries does, in its order, needing only pgbench', () => {
    const debian = { '/usr/lib/postgresql': ['9.6', '16', '15'] };
    const clientOnly = ['/usr/lib/postgresql/9.6/bin/pgbench', '/usr/lib/postgresql/16/bin/pgbench', '/usr/lib/postgresql/15/bin/pgbench', '/usr/bin/pgbench'];
    expect(findPgbench(fakeProbe({ env: { PATH: '/usr/bin' }, files: clientOnly, dirs: debian }))).toBe('/usr/lib/postgresql/16/bin/pgbench');
    expect(findPgbench(fakeProbe({ env: { PATH: '/usr/bin' }, files: clientOnly, dirs: debian, pgConfig: { 'pg_config --bindir': '/usr/bin' } }))).toBe(
      '/usr/bin/pgbench',
    );
    expect(findPgbench(fakeProbe({ env: { PATH: '/usr/local/bin:/usr/bin' }, files: ['/usr/bin/pgbench'] }))).toBe('/usr/bin/pgbench');
  });

  it('takes PG_AUTOTUNE_PG_BINDIR as the only place when it is set', () => {
    const files = ['/opt/pg/bin/pgbench', '/usr/bin/pgbench'];
    expect(findPgbench(fakeProbe({ env: { PG_AUTOTUNE_PG_BINDIR: '/opt/pg/bin', PATH: '/usr/bin' }, files }))).toBe('/opt/pg/bin/pgbench');
    const attempt = () => findPgbench(fakeProbe({ env: { PG_AUTOTUNE_PG_BINDIR: '/opt/empty', PATH: '/usr/bin' }, files }));
    expect(attempt).toThrow(/pgbench not found \(looked in PG_AUTOTUNE_PG_BINDIR=\/opt\/empty\)/);
  });

  it('says where it looked and to install postgresql-client when there is none', () => {
    const attempt = () => findPgbench(fakeProbe({ env: { PATH: '/usr/local/bin:/usr/bin' }, dirs: { '/usr/lib/postgresql': ['15'] } }));
    expect(attempt).toThrow(FailedPreconditionError);
    expect(attempt).toThrow(/pgbench not found \(looked in \/usr\/lib\/postgresql\/15\/bin, \/usr\/local\/bin, \/usr\/bin\); .*apt-get install postgresql-client/);
  });

  it('finds the real pgbench of this machine', () => {
    expect(findPgbench(systemProbe())).toMatch(/\/pgbench$/);
  });
});

describe('parsePgMajorVersion', () => {
  it.each([
    ['postgres (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)', 15],
    ['postgres (PostgreSQL) 17beta1', 17],
    ['postgres (PostgreSQL) 9.6.24', 9],
    ['something else', undefined],
  ])('%s -> %s', (output, major) => {
    expect(parsePgMajorVersion(output)).toBe(major);
  });
});
