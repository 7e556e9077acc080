import type { BenchmarkResult__Output } from '../../../proto/generated/autotune/v1/BenchmarkResult';
import { estimateTps } from '../../../lib/metrics/tps-estimate';
import type { TpsEstimator } from '../../../lib/session/session-limits';
import type { PgbenchProgress } from './parse-progress';
import type { PgbenchSummary } from './parse-summary';
import type { TransactionLogTotals } from './transaction-log-totals';

/** How a run was prepared and how its TPS is estimated. */
export interface RunNoiseControl {
  tpsEstimator: TpsEstimator;
  checkpointed: boolean;
  dataReset: boolean;
}

/**
 * The BenchmarkResult of one measured run. Counts and run parameters are pgbench's own (its
 * summary), and so is `totalTps`; `tps` is the spec's estimator over the progress series
 * (tps-estimate.ts). Latencies come from the per-transaction log, so p50..max come from
 * every completed transaction (latency-histogram.ts says how exactly) rather than guessed
 * from mean and stddev.
 */
export function benchmarkResult(
  summary: PgbenchSummary,
  progress: readonly PgbenchProgress[],
  log: TransactionLogTotals,
  durationS: number,
  noise: RunNoiseControl,
): BenchmarkResult__Output {
  return {
    tps: estimateTps(noise.tpsEstimator, summary.tps, progress.map((p) => p.tps)),
    totalTps: summary.tps,
    tpsEstimator: noise.tpsEstimator,
    checkpointed: noise.checkpointed,
    dataReset: noise.dataReset,
    latency: log.latencies.stats(),
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
