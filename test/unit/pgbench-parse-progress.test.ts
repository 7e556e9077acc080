import { describe, expect, it } from 'vitest';
import { parseProgress, parseProgressLine } from '../../services/collector/pgbench/parse-progress';
import { readFixture } from '../fixtures/pgbench/read-fixture';

describe('parseProgressLine', () => {
  it('reads the PG 15 line', () => {
    expect(parseProgressLine('progress: 5.0 s, 1234.5 tps, lat 3.210 ms stddev 1.234, 0 failed')).toEqual({
      atS: 5,
      tps: 1234.5,
      latencyMs: 3.21,
      stddevMs: 1.234,
      failed: 0,
    });
  });

  it('reads the PG <= 14 line without "failed"', () => {
    expect(parseProgressLine('progress: 2.0 s, 99.9 tps, lat 10.010 ms stddev 0.500')).toEqual({
      atS: 2,
      tps: 99.9,
      latencyMs: 10.01,
      stddevMs: 0.5,
      failed: 0,
    });
  });

  it('reads the lag, skipped, retried and retries parts', () => {
    expect(parseProgressLine('progress: 1.0 s, 3006.7 tps, lat 0.265 ms stddev 0.197, 0 failed, lag 0.105 ms, 7 skipped')).toMatchObject({
      failed: 0,
      lagMs: 0.105,
      skipped: 7,
    });
    expect(parseProgressLine('progress: 1.0 s, 837.9 tps, lat 1.396 ms stddev 1.058, 733 failed, 850 retried, 1628 retries')).toMatchObject({
      failed: 733,
      retried: 850,
      retries: 1628,
    });
    expect(parseProgressLine('progress: 3.0 s, 10.0 tps, lat 1.000 ms stddev 0.100, lag 0.200 ms')).toMatchObject({ lagMs: 0.2, failed: 0 });
  });

  it('reads NaN (an interval without transactions) as 0', () => {
    expect(parseProgressLine('progress: 7.0 s, 0.0 tps, lat nan ms stddev -nan, 0 failed')).toMatchObject({ tps: 0, latencyMs: 0, stddevMs: 0 });
  });

  it('ignores other lines', () => {
    expect(parseProgressLine('starting vacuum...end.')).toBeUndefined();
    expect(parseProgressLine('pgbench: error: progress: nothing')).toBeUndefined();
  });
});

describe('parseProgress', () => {
  it('reads every progress line of real stderr, in order', () => {
    const samples = parseProgress(readFixture('select-only.stderr'));
    expect(samples.map((s) => s.atS)).toEqual([1, 2, 3]);
    expect(samples[1]).toEqual({ atS: 2, tps: 54276.7, latencyMs: 0.037, stddevMs: 0.037, failed: 0 });
    expect(parseProgress(readFixture('failed.stderr')).map((s) => s.failed)).toEqual([2486, 2662]);
    expect(parseProgress(readFixture('rate-limit.stderr')).map((s) => s.skipped)).toEqual([7, 1]);
  });
});
