import { describe, expect, it } from 'vitest';
import { defaultSandboxBaseDir, SandboxPaths } from '../../lib/postgres/sandbox-paths';

describe('defaultSandboxBaseDir', () => {
  it('uses PG_AUTOTUNE_HOME when set', () => {
    expect(defaultSandboxBaseDir({ env: { PG_AUTOTUNE_HOME: '/srv/at' }, uid: 0, homeDir: '/root' })).toBe('/srv/at/sandbox');
  });

  it('keeps root out of /root, which the postgres user cannot enter', () => {
    expect(defaultSandboxBaseDir({ env: {}, uid: 0, homeDir: '/root' })).toBe('/var/tmp/pg-autotune-0/sandbox');
  });

  it('uses the XDG cache folder, else ~/.cache, for other users', () => {
    expect(defaultSandboxBaseDir({ env: { XDG_CACHE_HOME: '/c' }, uid: 1000, homeDir: '/home/a' })).toBe('/c/pg-autotune/sandbox');
    expect(defaultSandboxBaseDir({ env: {}, uid: 1000, homeDir: '/home/a' })).toBe('/home/a/.cache/pg-autotune/sandbox');
  });
});

describe('SandboxPaths', () => {
  it('keeps every part inside the base folder', () => {
    const paths = new SandboxPaths('/b/');
    expect(paths.entries).toEqual(['/b/sandbox.json', '/b/data', '/b/run', '/b/server.log']);
  });
});
