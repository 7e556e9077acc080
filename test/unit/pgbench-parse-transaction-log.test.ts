import { describe, expect, it } from 'vitest';
import { parseTransactionLogLine } from '../../services/collector/pgbench/parse-transaction-log';
import { readFixture } from '../fixtures/pgbench/read-fixture';

const lines = (name: string) => readFixture(name).split('\n').filter(Boolean);

describe('parseTransactionLogLine', () => {
  it('reads a completed transaction', () => {
    expect(parseTransactionLogLine('0 1 5382 0 1795623649 142040')).toEqual({
      clientId: 0,
      transactionNo: 1,
      status: 'completed',
      latencyUs: 5382,
      scriptNo: 0,
      epochS: 1795623649,
      epochUs: 142040,
    });
  });

  it('reads failed transactions, also as --failures-detailed names them', () => {
    expect(parseTransactionLogLine('1 2 failed 0 1795623662 401623')).toMatchObject({ status: 'failed', latencyUs: undefined });
    const detailed = lines('failures-detailed-log.txt').map((l) => parseTransactionLogLine(l)!.status);
    expect(detailed).toContain('failed');
    expect(detailed).toContain('completed');
  });

  it('reads the schedule lag column of a rate-limited run and its skipped transactions', () => {
    const entries = lines('rate-limit-log.txt').map((l) => parseTransactionLogLine(l, { scheduleLag: true })!);
    expect(entries[0]).toMatchObject({ status: 'completed', latencyUs: 4672, scheduleLagUs: 115 });
    expect(entries[1]).toMatchObject({ status: 'skipped', latencyUs: undefined, scheduleLagUs: 0 });
  });

  it('reads the retries column of a --max-tries run', () => {
    const entries = lines('retries-log.txt').map((l) => parseTransactionLogLine(l, { retries: true })!);
    expect(entries[0]).toMatchObject({ status: 'completed', latencyUs: 12021, retries: 0 });
    expect(entries.some((e) => e.status === 'failed' && e.retries === 2)).toBe(true);
  });

  it('reads both optional columns, lag first', () => {
    expect(parseTransactionLogLine('3 7 1500 1 1795623670 5 120 2', { scheduleLag: true, retries: true })).toMatchObject({
      scriptNo: 1,
      scheduleLagUs: 120,
      retries: 2,
    });
  });

  it('reads every line of a real two-thread log', () => {
    const all = [...lines('tpcb-logged/pgbench_log.11827'), ...lines('tpcb-logged/pgbench_log.11827.1')];
    expect(all.map((l) => parseTransactionLogLine(l)!.status).every((s) => s === 'completed')).toBe(true);
  });

  it('returns undefined for a blank line and rejects other shapes quoting the line', () => {
    expect(parseTransactionLogLine('   ')).toBeUndefined();
    expect(() => parseTransactionLogLine('0 1 4672 0 1795623672 412864 115')).toThrow(
      'not a pgbench transaction log line with 6 fields: "0 1 4672 0 1795623672 412864 115"',
    );
    expect(() => parseTransactionLogLine('0 1 oops 0 1 2')).toThrow(/not a pgbench transaction log line/);
    expect(() => parseTransactionLogLine('0 1 12.5 0 1 2')).toThrow(/not a pgbench transaction log line/);
  });
});
