import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { LatencyHistogram } from './latency-histogram';
import { parseTransactionLogLine } from './parse-transaction-log';

/** What the per-transaction logs of one run say, counted over every thread's file. */
export interface TransactionLogTotals {
  completed: number;
  failed: number;
  skipped: number;
  /** The completed transactions' latencies, in bounded memory. */
  latencies: LatencyHistogram;
}

/**
 * Reads every per-transaction log file in `dir` whose name starts with `fileNamePrefix`
 * (pgbench writes `PREFIX.PID` for the first thread and `PREFIX.PID.N` for thread N).
 * Streams line by line: a long run logs millions of lines. The logs must have the default
 * columns (no -R, --max-tries 1), as runBenchmark runs pgbench.
 *
 * @throws Error when a line is not a transaction log line or no log file is there.
 */
export async function readTransactionLogs(dir: string, fileNamePrefix: string): Promise<TransactionLogTotals> {
  const files = (await readdir(dir)).filter((name) => name.startsWith(`${fileNamePrefix}.`)).sort();
  if (files.length === 0) throw new Error(`pgbench wrote no transaction log ${fileNamePrefix}.* in ${dir}`);
  const latencies = new LatencyHistogram();
  const totals = { completed: 0, failed: 0, skipped: 0 };
  for (const file of files) {
    const lines = createInterface({ input: createReadStream(path.join(dir, file)), crlfDelay: Infinity });
    for await (const line of lines) {
      const entry = parseTransactionLogLine(line);
      if (!entry) continue;
      totals[entry.status] += 1;
      if (entry.latencyUs !== undefined) latencies.add(entry.latencyUs);
    }
  }
  return { ...totals, latencies };
}
