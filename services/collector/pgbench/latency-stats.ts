import type { LatencyStats__Output } from '../../../proto/generated/autotune/v1/LatencyStats';
import { percentile } from './percentile';

/**
 * Latency statistics in milliseconds from the latencies of the transactions that completed,
 * in microseconds as pgbench logs them. The standard deviation is the population one, as
 * pgbench computes it. No transactions gives all zeros: a run that did nothing is a result
 * (tps 0), not an error.
 */
export function latencyStats(latenciesUs: ArrayLike<number>): LatencyStats__Output {
  const n = latenciesUs.length;
  if (n === 0) return { avgMs: 0, stddevMs: 0, p50Ms: 0, p95Ms: 0, p99Ms: 0, maxMs: 0 };
  // A typed array sorts numerically, and sorting a copy leaves the caller's data alone.
  const sorted = Float64Array.from(latenciesUs).sort();
  let sum = 0;
  for (const us of sorted) sum += us;
  const mean = sum / n;
  let squares = 0;
  for (const us of sorted) squares += (us - mean) ** 2;
  return {
    avgMs: mean / 1000,
    stddevMs: Math.sqrt(squares / n) / 1000,
    p50Ms: percentile(sorted, 50) / 1000,
    p95Ms: percentile(sorted, 95) / 1000,
    p99Ms: percentile(sorted, 99) / 1000,
    maxMs: sorted[n - 1]! / 1000,
  };
}
