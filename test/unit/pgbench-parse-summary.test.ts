import { describe, expect, it } from 'vitest';
import { parseSummary } from '../../services/collector/pgbench/parse-summary';
import { readFixture } from '../fixtures/pgbench/read-fixture';

describe('parseSummary', () => {
  it('reads every line of a PG 15 summary', () => {
    expect(parseSummary(readFixture('select-only.stdout'))).toEqual({
      transactionType: '<builtin: select only>',
      scale: 1,
      queryMode: 'prepared',
      clients: 2,
      threads: 2,
      transactions: 155266,
      failedTransactions: 0,
      durationS: 3,
      latencyAvgMs: 0.038,
      latencyStddevMs: 0.054,
      initialConnectionMs: 31.364,
      tps: 52271.021811,
    });
  });

  it('takes the totals of a multi-script run, not the per-script blocks that repeat the labels', () => {
    const summary = parseSummary(readFixture('two-scripts.stdout'));
    expect(summary).toMatchObject({
      transactionType: 'multiple scripts',
      queryMode: 'extended',
      transactions: 72308,
      latencyAvgMs: 0.054,
      latencyStddevMs: 0.05,
      tps: 36688.030979,
    });
  });

  it('counts failed transactions apart from processed ones', () => {
    expect(parseSummary(readFixture('failed.stdout'))).toMatchObject({ transactions: 4866, failedTransactions: 5148, tps: 2492.932592 });
  });

  it('reads the summary of a run with retries and a rate limit (extra lines in between)', () => {
    expect(parseSummary(readFixture('retries.stdout'))).toMatchObject({ transactions: 1830, failedTransactions: 1546, tps: 933.061743 });
    expect(parseSummary(readFixture('rate-limit.stdout'))).toMatchObject({ transactions: 5978, latencyAvgMs: 0.252, tps: 3029.149867 });
  });

  it('tolerates PG 14 (-t "N/M" transactions) and PG 13 (tps including/excluding connections establishing)', () => {
    expect(parseSummary(readFixture('pg14-summary.stdout'))).toMatchObject({ transactions: 10000, initialConnectionMs: 45.758, tps: 896.967014 });
    const pg13 = parseSummary(readFixture('pg13-summary.stdout'));
    expect(pg13).toMatchObject({ transactions: 10000, tps: 85.296346, latencyAvgMs: 117.394 });
    expect(pg13.failedTransactions).toBeUndefined();
    expect(pg13.initialConnectionMs).toBeUndefined();
  });

  it('rejects the partial summary of an aborted run, which has no tps line', () => {
    expect(() => parseSummary(readFixture('errors/script-aborted.stdout'))).toThrow('pgbench printed no "tps" line in its summary');
  });

  it('names the first missing line', () => {
    expect(() => parseSummary('')).toThrow('pgbench printed no "transaction type" line in its summary');
  });
});
