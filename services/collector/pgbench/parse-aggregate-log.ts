/**
 * One interval of pgbench's aggregated log (`-l --aggregate-interval S`). Times are
 * microseconds. Counters of a feature that was off are 0: lag without -R, skipped without
 * -L, retries with --max-tries 1, failure kinds without --failures-detailed.
 */
export interface AggregateLogEntry {
  /** Start of the interval, seconds since the epoch. */
  intervalStart: number;
  transactions: number;
  latencySumUs: number;
  latencySumSquaresUs2: number;
  latencyMinUs: number;
  latencyMaxUs: number;
  lagSumUs: number;
  lagSumSquaresUs2: number;
  lagMinUs: number;
  lagMaxUs: number;
  skipped: number;
  retried: number;
  retries: number;
  serializationFailures: number;
  deadlockFailures: number;
  /** PG 18+ only (its 16th column). */
  otherSqlFailures?: number;
}

// Column order of PG 15 (15 columns, every one always printed); PG 18 appends one.
const COLUMNS = [
  'intervalStart',
  'transactions',
  'latencySumUs',
  'latencySumSquaresUs2',
  'latencyMinUs',
  'latencyMaxUs',
  'lagSumUs',
  'lagSumSquaresUs2',
  'lagMinUs',
  'lagMaxUs',
  'skipped',
  'retried',
  'retries',
  'serializationFailures',
  'deadlockFailures',
  'otherSqlFailures',
] as const satisfies readonly (keyof AggregateLogEntry)[];

const PG15_COLUMNS = 15;

/**
 * Parses one line of the aggregated log as PG 15 writes it (15 columns; 16 from PG 18).
 * Returns undefined for a blank line.
 *
 * @throws Error quoting the line when it has another number of columns (PG 14 and older
 * printed optional columns only when their feature was on, so a line alone cannot be
 * read) or a column is not a number.
 */
export function parseAggregateLogLine(line: string): AggregateLogEntry | undefined {
  const fields = line.trim().split(/\s+/);
  if (fields.length === 1 && fields[0] === '') return undefined;
  const values = fields.map(Number);
  if (fields.length < PG15_COLUMNS || fields.length > COLUMNS.length || !values.every(Number.isFinite)) {
    throw new Error(`not a PG 15 pgbench aggregated log line of ${PG15_COLUMNS} numbers: "${line.trim()}"`);
  }
  const entry = {} as AggregateLogEntry;
  values.forEach((value, i) => {
    entry[COLUMNS[i]!] = value;
  });
  return entry;
}
