import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../../services/collector/pgbench/latency-histogram';

/** The exact nearest-rank percentile of a sorted array: what the histogram stands in for. */
function exactPercentile(sorted: Float64Array, p: number): number {
  return sorted[Math.max(Math.ceil((p / 100) * sorted.length), 1) - 1]!;
}

describe('LatencyHistogram', () => {
  it('percentiles by nearest rank, exact below 1024 us: the smallest value with at least p% at or below it', () => {
    const hundred = LatencyHistogram.of(Array.from({ length: 100 }, (_, i) => i + 1));
    expect([50, 95, 99, 100, 0].map((p) => hundred.percentile(p))).toEqual([50, 95, 99, 100, 1]);
    expect(LatencyHistogram.of([1, 2, 3, 4]).percentile(50)).toBe(2);
    expect(LatencyHistogram.of([1, 2, 3, 4]).percentile(51)).toBe(3);
    expect(LatencyHistogram.of([7]).percentile(99)).toBe(7);
  });

  it('gives mean, population stddev, exact percentiles and max in ms from microseconds, whatever the order', () => {
    const us = Array.from({ length: 1000 }, (_, i) => ((i * 7919) % 1000) + 1);
    const stats = LatencyHistogram.of(us).stats();
    expect(stats.avgMs).toBeCloseTo(0.5005, 10);
    expect(stats.stddevMs).toBeCloseTo(Math.sqrt((1000 ** 2 - 1) / 12) / 1000, 10);
    expect([stats.p50Ms, stats.p95Ms, stats.p99Ms, stats.maxMs]).toEqual([0.5, 0.95, 0.99, 1]);
  });

  it('keeps p50/p95/p99 within 0.14% of the exact values on a long-tailed run, and mean, stddev and max exact', () => {
    // Log-normal latencies around 2 ms with a tail to seconds, from a fixed LCG (reproducible).
    let seed = 12345;
    const uniform = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) + 1) / (2 ** 31 + 1);
    const us = Float64Array.from({ length: 200_000 }, () => Math.round(2000 * Math.exp(1.2 * Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform()))));
    const histogram = LatencyHistogram.of(us);
    const sorted = Float64Array.from(us).sort();
    for (const p of [50, 95, 99, 99.9]) {
      const exact = exactPercentile(sorted, p);
      expect(Math.abs(histogram.percentile(p) - exact) / exact).toBeLessThanOrEqual(0.0014);
    }
    const mean = us.reduce((a, b) => a + b, 0) / us.length;
    const sd = Math.sqrt(us.reduce((a, b) => a + (b - mean) ** 2, 0) / us.length);
    const stats = histogram.stats();
    expect(stats.avgMs).toBeCloseTo(mean / 1000, 9);
    expect(stats.stddevMs).toBeCloseTo(sd / 1000, 9);
    expect(stats.maxMs).toBe(sorted[sorted.length - 1]! / 1000);
    expect(histogram.percentile(100)).toBeLessThanOrEqual(sorted[sorted.length - 1]!);
  });

  it('is all zeros when no transaction completed', () => {
    expect(new LatencyHistogram().stats()).toEqual({ avgMs: 0, stddevMs: 0, p50Ms: 0, p95Ms: 0, p99Ms: 0, maxMs: 0 });
  });

  it('rejects no values, p outside 0..100 and latencies that are not a time', () => {
    expect(() => new LatencyHistogram().percentile(50)).toThrow(RangeError);
    expect(() => LatencyHistogram.of([1]).percentile(101)).toThrow('percentile must be in 0..100, got 101');
    expect(() => LatencyHistogram.of([1]).percentile(Number.NaN)).toThrow(RangeError);
    expect(() => LatencyHistogram.of([-1])).toThrow(RangeError);
    expect(() => LatencyHistogram.of([Number.POSITIVE_INFINITY])).toThrow(RangeError);
  });
});
