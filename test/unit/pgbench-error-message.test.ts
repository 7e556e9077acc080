import { describe, expect, it } from 'vitest';
import { pgbenchErrorMessage } from '../../services/collector/pgbench/pgbench-error-message';
import { readFixture } from '../fixtures/pgbench/read-fixture';

describe('pgbenchErrorMessage', () => {
  it('keeps a connection failure with its libpq hint', () => {
    expect(pgbenchErrorMessage(readFixture('errors/bad-database.stderr'))).toBe(
      'pgbench: error: connection to server at "127.0.0.1", port 5432 failed: FATAL:  database "pgat_no_such_db" does not exist\n' +
        'pgbench: error: could not create connection for setup',
    );
    expect(pgbenchErrorMessage(readFixture('errors/bad-port.stderr'))).toBe(
      'pgbench: error: connection to server at "127.0.0.1", port 1 failed: Connection refused\n' +
        'Is the server running on that host and accepting TCP/IP connections?\n' +
        'pgbench: error: could not create connection for setup',
    );
  });

  it('keeps the server error, its LINE context and the hint to run pgbench -i, without the caret line', () => {
    expect(pgbenchErrorMessage(readFixture('errors/no-tables.stderr'))).toBe(
      'pgbench: error: could not count number of branches: ERROR:  relation "pgbench_branches" does not exist\n' +
        'LINE 1: select count(*) from pgbench_branches\n' +
        'pgbench: hint: Perhaps you need to do initialization ("pgbench -i") in database "pgat_fixture_empty_6181".',
    );
  });

  it('drops the vacuum errors pgbench ignored and keeps why the run aborted', () => {
    expect(pgbenchErrorMessage(readFixture('errors/custom-no-tables.stderr'))).toBe(
      'pgbench: error: client 0 script 0 aborted in command 1 query 0: ERROR:  relation "pgbench_accounts" does not exist\n' +
        'LINE 1: SELECT abalance FROM pgbench_accounts WHERE aid = 13876;\n' +
        'pgbench: error: Run was aborted; the above results are incomplete.',
    );
  });

  it('skips progress and vacuum lines', () => {
    const message = pgbenchErrorMessage(readFixture('errors/too-many-clients.stderr'));
    expect(message).toBe(
      'pgbench: error: connection to server at "127.0.0.1", port 5432 failed: FATAL:  sorry, too many clients already\n' +
        'pgbench: error: could not create connection for client 199',
    );
    expect(pgbenchErrorMessage(`progress: 1.0 s, 5.0 tps, lat 1.000 ms stddev 0.100, 0 failed\n${readFixture('errors/meta-syntax.stderr')}`)).toBe(
      'pgbench: error: meta.sql:1: syntax error in command "set"\n\\set x random(1,\n^ error found here',
    );
  });

  it('keeps repeated messages once and bounds many distinct ones, keeping the last', () => {
    const aborted = Array.from({ length: 20 }, (_, i) => `pgbench: error: client ${i} script 0 aborted in command 0 query 0: ERROR:  boom`);
    const message = pgbenchErrorMessage([...aborted, ...aborted, 'pgbench: error: Run was aborted; the above results are incomplete.'].join('\n'))!;
    const lines = message.split('\n');
    expect(lines).toHaveLength(7);
    expect(lines[0]).toContain('client 0 ');
    expect(lines[5]).toBe('(15 more messages)');
    expect(lines[6]).toBe('pgbench: error: Run was aborted; the above results are incomplete.');
  });

  it('is undefined without any pgbench message', () => {
    expect(pgbenchErrorMessage('')).toBeUndefined();
    expect(pgbenchErrorMessage(readFixture('select-only.stderr'))).toBeUndefined();
  });
});
