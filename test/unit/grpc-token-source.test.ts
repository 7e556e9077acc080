import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { BearerToken } from '../../lib/grpc/auth/bearer-token';
import { checkExposure, isLoopback } from '../../lib/grpc/auth/server-security';
import { resolveToken } from '../../lib/grpc/auth/token-source';

const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-autotune-token-'));
const fromFile = randomBytes(20).toString('hex');
const fromEnv = randomBytes(20).toString('hex');

function tokenFile(name: string, text: string, mode: number): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  chmodSync(file, mode);
  return file;
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('where the token comes from: --token-file > PG_AUTOTUNE_TOKEN > none', () => {
  it('takes the file over the environment, first line only', () => {
    const file = tokenFile('token', `${fromFile}\nsecond line\n`, 0o600);
    const token = resolveToken({ tokenFile: file, env: { PG_AUTOTUNE_TOKEN: fromEnv } });
    expect(token?.matches(`Bearer ${fromFile}`)).toBe(true);
  });

  it('takes the environment without a file, and none without either', () => {
    expect(resolveToken({ env: { PG_AUTOTUNE_TOKEN: ` ${fromEnv}\n` } })?.matches(`Bearer ${fromEnv}`)).toBe(true);
    expect(resolveToken({ env: { PG_AUTOTUNE_TOKEN: '' } })).toBeUndefined();
    expect(resolveToken({ env: {} })).toBeUndefined();
  });

  it('refuses a file every user can read, naming the flag and the fix, not the token', () => {
    const file = tokenFile('open', fromFile, 0o644);
    expect(() => resolveToken({ tokenFile: file, env: {} })).toThrow(/^--token-file: .*open is readable or writable by every user of this host \(mode 644\); chmod 600 it$/);
    // Group access is allowed: a secret shared with the service's group.
    expect(resolveToken({ tokenFile: tokenFile('group', fromFile, 0o640), env: {} })).toBeDefined();
  });

  it('refuses a missing, empty or short token by where it came from', () => {
    expect(() => resolveToken({ tokenFile: path.join(dir, 'nope'), env: {} })).toThrow(/^--token-file: cannot read .*nope: ENOENT$/);
    expect(() => resolveToken({ tokenFile: tokenFile('empty', '\n', 0o600), env: {} })).toThrow(/^--token-file: .*empty is empty$/);
    expect(() => resolveToken({ env: { PG_AUTOTUNE_TOKEN: 'short' } })).toThrow(/^PG_AUTOTUNE_TOKEN: a bearer token needs at least 16 characters .*, got 5$/);
    expect(() => resolveToken({ env: { PG_AUTOTUNE_TOKEN: 'has a space in the middle' } })).toThrow(/^PG_AUTOTUNE_TOKEN: a bearer token is printable ASCII/);
  });
});

describe('BearerToken', () => {
  const token = new BearerToken(fromFile, 'test');

  it('matches only its own value after "Bearer "', () => {
    expect(token.matches(`Bearer ${fromFile}`)).toBe(true);
    expect(token.matches(`bearer ${fromFile}`)).toBe(true);
    expect(token.matches(fromFile)).toBe(false);
    expect(token.matches(`Bearer ${fromFile}x`)).toBe(false);
    expect(token.matches(`Bearer ${fromFile.slice(0, -1)}`)).toBe(false);
    expect(token.matches('Bearer ')).toBe(false);
  });

  it('never prints its value', () => {
    expect(JSON.stringify({ token })).toBe('{"token":"[redacted]"}');
    expect(inspect({ token })).not.toContain(fromFile);
    expect(Object.keys(token)).toEqual([]);
    expect(`${String(token)}`).not.toContain(fromFile);
  });
});

describe('exposure without a token', () => {
  it('knows loopback from every interface', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) expect(isLoopback(host)).toBe(true);
    for (const host of ['0.0.0.0', '::', '10.0.0.5', 'db.example', '127.0.0.1.example']) expect(isLoopback(host)).toBe(false);
  });

  it('refuses a non-loopback host without a token unless --insecure', () => {
    expect(() => checkExposure('0.0.0.0', {})).toThrow(/refusing to listen on 0\.0\.0\.0 without a bearer token/);
    expect(() => checkExposure('0.0.0.0', { insecure: true })).not.toThrow();
    expect(() => checkExposure('0.0.0.0', { token: new BearerToken(fromFile, 'test') })).not.toThrow();
    expect(() => checkExposure('127.0.0.1', {})).not.toThrow();
  });
});
