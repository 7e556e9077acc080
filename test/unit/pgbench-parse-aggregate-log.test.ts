import { describe, expect, it } from 'vitest';
import { parseAggregateLogLine } from '../../services/collector/pgbench/parse-aggregate-log';
import { readFixture } from '../fixtures/pgbench/read-fixture';

const entries = (name: string) => readFixture(name).split('\n').flatMap((l) => parseAggregateLogLine(l) ?? []);

describe('parseAggregateLogLine', () => {
  it('reads the 15 columns of PG 15', () => {
    const [first] = entries('aggregate.log');
    expect(first).toEqual({
      intervalStart: 1795623674,
      transactions: 124,
      latencySumUs: 467278,
      latencySumSquaresUs2: 2528408134,
      latencyMinUs: 1879,
      latencyMaxUs: 19371,
      lagSumUs: 0,
      lagSumSquaresUs2: 0,
      lagMinUs: 0,
      lagMaxUs: 0,
      skipped: 0,
      retried: 0,
      retries: 0,
      serializationFailures: 0,
      deadlockFailures: 0,
    });
  });

  it('reads lag, skipped and retries of a rate-limited run with --max-tries', () => {
    expect(entries('aggregate-rate-retries.log')[0]).toMatchObject({
      transactions: 401,
      lagSumUs: 164578,
      lagMaxUs: 1994,
      skipped: 37,
      retried: 284,
      retries: 284,
    });
  });

  it('reads the failure kinds of --failures-detailed', () => {
    expect(entries('aggregate-failures-detailed.log').map((e) => e.serializationFailures)).toEqual([1377, 2802]);
  });

  it('reads the 16th column PG 18 adds', () => {
    expect(parseAggregateLogLine('1 2 3 4 5 6 0 0 0 0 0 0 0 7 8 9')).toMatchObject({ deadlockFailures: 8, otherSqlFailures: 9 });
  });

  it('rejects the variable-width lines of PG 14 and older, and non-numbers', () => {
    expect(parseAggregateLogLine('')).toBeUndefined();
    expect(() => parseAggregateLogLine('1795623674 124 467278 2528408134 1879 19371')).toThrow(/not a PG 15 pgbench aggregated log line/);
    expect(() => parseAggregateLogLine('a 2 3 4 5 6 0 0 0 0 0 0 0 7 8')).toThrow(/not a PG 15/);
  });
});
