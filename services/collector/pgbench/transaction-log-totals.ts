import { LatencyHistogram } from './latency-histogram';
import { parseTransactionLogLine } from './parse-transaction-log';

/** What the per-transaction log of one run says, counted over every thread's pipe. */
export interface TransactionLogTotals {
  completed: number;
  failed: number;
  skipped: number;
  /** The completed transactions' latencies, in bounded memory. */
  latencies: LatencyHistogram;
}

/**
 * Counts pgbench's per-transaction log line by line as it arrives, keeping nothing of a line
 * once counted: memory stays bounded however many transactions a run logs. The lines must
 * have the default columns (no -R, --max-tries 1), as runBenchmark runs pgbench.
 */
export class TransactionLogTally {
  private readonly counts = { completed: 0, failed: 0, skipped: 0 };
  private readonly latencies = new LatencyHistogram();

  /** @throws Error quoting the line when it is not a transaction log line. */
  add(line: string): void {
    const entry = parseTransactionLogLine(line);
    if (!entry) return;
    this.counts[entry.status] += 1;
    if (entry.latencyUs !== undefined) this.latencies.add(entry.latencyUs);
  }

  totals(): TransactionLogTotals {
    return { ...this.counts, latencies: this.latencies };
  }
}
