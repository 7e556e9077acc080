import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findPgbench } from '../../services/collector/pgbench/find-pgbench';
import { FailedPreconditionError } from '../../lib/core/errors';

const root = mkdtempSync(path.join(tmpdir(), 'pgat-find-pgbench-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function fakeBin(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'pgbench');
  writeFileSync(file, '#!/bin/sh\n');
  chmodSync(file, 0o755);
  return file;
}

describe('findPgbench', () => {
  it('prefers PG_AUTOTUNE_PG_BINDIR, then the newest Debian version, then PATH', () => {
    const onPath = fakeBin(path.join(root, 'path-bin'));
    const debian = path.join(root, 'debian');
    fakeBin(path.join(debian, '9.6', 'bin'));
    const newest = fakeBin(path.join(debian, '16', 'bin'));
    fakeBin(path.join(debian, '15', 'bin'));
    const explicit = fakeBin(path.join(root, 'explicit'));
    const pathEnv = path.join(root, 'path-bin');
    expect(findPgbench({ env: { PATH: pathEnv, PG_AUTOTUNE_PG_BINDIR: path.dirname(explicit) }, debianRoot: debian })).toBe(explicit);
    expect(findPgbench({ env: { PATH: pathEnv }, debianRoot: debian })).toBe(newest);
    expect(findPgbench({ env: { PATH: pathEnv }, debianRoot: path.join(root, 'none') })).toBe(onPath);
  });

  it('finds the real pgbench of this machine', () => {
    expect(findPgbench()).toMatch(/\/pgbench$/);
  });

  it('says to install postgresql-client when there is none', () => {
    const find = () => findPgbench({ env: { PATH: path.join(root, 'empty') }, debianRoot: path.join(root, 'none') });
    expect(find).toThrow(FailedPreconditionError);
    expect(find).toThrow(/pgbench not found .*apt-get install postgresql-client/);
  });
});
