import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { keyLogLines, ServerLog } from '../../lib/postgres/server-log';
import { ServerStartError } from '../../lib/postgres/server-start-error';

const at = (line: string) => `2026-11-25 16:23:03.598 UTC [10168] ${line}`;

describe('keyLogLines', () => {
  it('keeps the cause before a FATAL and drops the previous run of a restart', () => {
    const lines = [
      at('LOG:  received fast shutdown request'),
      at('LOG:  database system is shut down'),
      at('LOG:  invalid value for parameter "shared_buffers": "plenty"'),
      at('FATAL:  configuration file "/d/postgresql.auto.conf" contains errors'),
    ];
    expect(keyLogLines(lines)).toEqual([
      'LOG: invalid value for parameter "shared_buffers": "plenty"',
      'FATAL: configuration file "/d/postgresql.auto.conf" contains errors',
    ]);
  });

  it('keeps the HINT after a FATAL', () => {
    const lines = [at('FATAL:  could not map anonymous shared memory: Cannot allocate memory'), at('HINT:  reduce shared_buffers'), at('LOG:  database system is shut down')];
    expect(keyLogLines(lines)).toEqual(['FATAL: could not map anonymous shared memory: Cannot allocate memory', 'HINT: reduce shared_buffers']);
  });

  it('falls back to the last lines when nothing is severe, whatever the prefix', () => {
    expect(keyLogLines(['user=x db=y LOG:  one', 'two', 'three'])).toEqual(['two', 'three']);
  });
});

describe('ServerLog', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pgat-log-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads only what was written after an offset', async () => {
    const file = path.join(dir, 'server.log');
    writeFileSync(file, `${at('LOG:  old run')}\n`);
    const log = new ServerLog(file);
    const offset = await log.offset();
    appendFileSync(file, `${at('FATAL:  new run')}\n\n`);
    expect(await log.linesSince(offset)).toEqual([at('FATAL:  new run')]);
  });

  it('answers nothing for a log that does not exist', async () => {
    const log = new ServerLog(path.join(dir, 'missing.log'));
    expect(await log.offset()).toBe(0);
    expect(await log.linesSince(0)).toEqual([]);
  });
});

describe('ServerStartError', () => {
  it('carries the key lines in its message and tells a port conflict', () => {
    const error = new ServerStartError('/d', [
      at('LOG:  could not bind IPv4 address "127.0.0.1": Address already in use'),
      at('HINT:  Is another postmaster already running on port 5432?'),
      at('WARNING:  could not create listen socket for "127.0.0.1"'),
      at('FATAL:  could not create any TCP/IP sockets'),
    ]);
    expect(error.code).toBe('FAILED_PRECONDITION');
    expect(error.message).toBe(
      'PostgreSQL in /d did not start: LOG: could not bind IPv4 address "127.0.0.1": Address already in use | ' +
        'WARNING: could not create listen socket for "127.0.0.1" | FATAL: could not create any TCP/IP sockets',
    );
    expect(error.portInUse).toBe(true);
    expect(new ServerStartError('/d', [at('FATAL:  bad')]).portInUse).toBe(false);
  });
});
