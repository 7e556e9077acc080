import type { BenchmarkResult__Output } from '../../../proto/generated/autotune/v1/BenchmarkResult';
import { latencyStats } from './latency-stats';
import type { PgbenchProgress } from './parse-progress';
import type { PgbenchSummary } from './parse-summary';
import type { TransactionLogTotals } from './read-transaction-logs';

/**
 * The BenchmarkResult of one measured run. Throughput, counts and run parameters are
 * pgbench's own (its summary); latencies come from the per-transaction log, so p50..max
 * are exact over every completed transaction rather than guessed from mean and stddev.
 */
export function benchmarkResult(
  summary: PgbenchSummary,
  progress: readonly PgbenchProgress[],
  log: TransactionLogTotals,
  durationS: number,
): BenchmarkResult__Output {
  return {
    tps: summary.tps,
    latency: latencyStats(log.latenciesUs),
    transactions: summary.transactions,
    failedTransactions: summary.failedTransactions ?? log.failed,
    durationS: summary.durationS ?? durationS,
    progress: progress.map(({ atS, tps, latencyMs, stddevMs, failed }) => ({ atS, tps, latencyMs, stddevMs, failed })),
    clients: summary.clients,
    threads: summary.threads,
    scale: summary.scale,
    queryMode: summary.queryMode,
    initialConnectionMs: summary.initialConnectionMs ?? 0,
  };
}
