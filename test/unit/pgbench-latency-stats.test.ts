import { describe, expect, it } from 'vitest';
import { latencyStats } from '../../services/collector/pgbench/latency-stats';
import { percentile } from '../../services/collector/pgbench/percentile';

describe('percentile (nearest rank)', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1);

  it('returns an observed value: the smallest with at least p% at or below it', () => {
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 95)).toBe(95);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile(hundred, 0)).toBe(1);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4], 51)).toBe(3);
    expect(percentile([7], 99)).toBe(7);
  });

  it('rejects no values and p outside 0..100', () => {
    expect(() => percentile([], 50)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow('percentile must be in 0..100, got 101');
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
  });
});

describe('latencyStats', () => {
  it('gives mean, population stddev, exact percentiles and max in ms from microseconds', () => {
    // 1..1000 us, shuffled: the stats must not depend on log order.
    const us = Array.from({ length: 1000 }, (_, i) => ((i * 7919) % 1000) + 1);
    const stats = latencyStats(us);
    expect(stats.avgMs).toBeCloseTo(0.5005, 10);
    expect(stats.stddevMs).toBeCloseTo(Math.sqrt((1000 ** 2 - 1) / 12) / 1000, 10);
    expect([stats.p50Ms, stats.p95Ms, stats.p99Ms, stats.maxMs]).toEqual([0.5, 0.95, 0.99, 1]);
  });

  it('does not reorder the caller\'s array', () => {
    const us = [3, 1, 2];
    latencyStats(us);
    expect(us).toEqual([3, 1, 2]);
  });

  it('is all zeros when no transaction completed', () => {
    expect(latencyStats([])).toEqual({ avgMs: 0, stddevMs: 0, p50Ms: 0, p95Ms: 0, p99Ms: 0, maxMs: 0 });
  });
});
