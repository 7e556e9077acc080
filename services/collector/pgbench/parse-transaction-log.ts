/** One line of pgbench's per-transaction log (`-l` without --aggregate-interval). */
export interface TransactionLogEntry {
  clientId: number;
  transactionNo: number;
  /**
   * `completed`, or why the transaction has no latency: `skipped` (too late for its
   * schedule under -R with -L) or `failed` (serialization or deadlock failure after its
   * last try; --failures-detailed logs the kind, which is folded into `failed`).
   */
  status: 'completed' | 'skipped' | 'failed';
  /** Microseconds; undefined unless completed. */
  latencyUs: number | undefined;
  /** Index of the script that ran (0-based, in the order the scripts were given). */
  scriptNo: number;
  /** When the transaction ended: seconds since the epoch and the microseconds within. */
  epochS: number;
  epochUs: number;
  scheduleLagUs?: number;
  retries?: number;
}

/**
 * Which optional trailing columns the log has: pgbench adds the schedule lag only with a
 * rate limit (-R) and the retries only with --max-tries other than 1. A line cannot tell
 * them apart by itself when only one is present, so the caller, who chose the options,
 * says.
 */
export interface TransactionLogColumns {
  /** @defaultValue false */
  scheduleLag?: boolean;
  /** @defaultValue false */
  retries?: boolean;
}

const FAILURE_WORDS = new Set(['failed', 'serialization', 'deadlock', 'other']);
const INTEGER = /^\d+$/;

/**
 * Parses one line `client_id transaction_no time_us script_no epoch_s epoch_us
 * [schedule_lag_us] [retries]`. Returns undefined for a blank line.
 *
 * @throws Error quoting the line when it does not have that shape.
 */
export function parseTransactionLogLine(
  line: string,
  columns: TransactionLogColumns = {},
): TransactionLogEntry | undefined {
  const fields = line.trim().split(/\s+/);
  if (fields.length === 1 && fields[0] === '') return undefined;
  const expected = 6 + (columns.scheduleLag ? 1 : 0) + (columns.retries ? 1 : 0);
  const [clientId, transactionNo, time, scriptNo, epochS, epochUs, ...extra] = fields;
  const numbers = [clientId, transactionNo, scriptNo, epochS, epochUs, ...extra];
  const status = statusOf(time!);
  if (fields.length !== expected || status === undefined || !numbers.every((n) => INTEGER.test(n!))) {
    throw new Error(`not a pgbench transaction log line with ${expected} fields: "${line.trim()}"`);
  }
  const entry: TransactionLogEntry = {
    clientId: Number(clientId),
    transactionNo: Number(transactionNo),
    status,
    latencyUs: status === 'completed' ? Number(time) : undefined,
    scriptNo: Number(scriptNo),
    epochS: Number(epochS),
    epochUs: Number(epochUs),
  };
  if (columns.scheduleLag) entry.scheduleLagUs = Number(extra[0]);
  if (columns.retries) entry.retries = Number(extra[columns.scheduleLag ? 1 : 0]);
  return entry;
}

function statusOf(time: string): TransactionLogEntry['status'] | undefined {
  if (INTEGER.test(time)) return 'completed';
  if (time === 'skipped') return 'skipped';
  return FAILURE_WORDS.has(time) ? 'failed' : undefined;
}
