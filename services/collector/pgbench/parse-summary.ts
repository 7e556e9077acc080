/** What pgbench prints on stdout at the end of a run, as numbers. */
export interface PgbenchSummary {
  /** `<builtin: select only>`, a script file name, or `multiple scripts`. */
  transactionType: string;
  scale: number;
  queryMode: string;
  clients: number;
  threads: number;
  /** Transactions that completed (failed and skipped ones are not counted). */
  transactions: number;
  /** PG 15+; older versions abort the run instead of counting failures. */
  failedTransactions?: number;
  /** `-T` runs only. */
  durationS?: number;
  latencyAvgMs?: number;
  /** Printed only with -P, -R or -L. */
  latencyStddevMs?: number;
  /** PG 14+. */
  initialConnectionMs?: number;
  /**
   * Excluding the time to open connections: PG 14+ "(without initial connection time)",
   * PG <= 13 "(excluding connections establishing)".
   */
  tps: number;
}

// pgbench prints C doubles: NaN and infinities appear when nothing was counted.
const NUMBER = String.raw`(-?(?:\d+(?:\.\d*)?|nan|inf))`;

// Anchored at the line start: the per-script blocks of a multi-script run repeat some of
// these labels behind " - " and must not override the totals.
const LINES = {
  transactionType: { label: 'transaction type', pattern: /^transaction type: (.+)$/ },
  queryMode: { label: 'query mode', pattern: /^query mode: (\S+)$/ },
  scale: { label: 'scaling factor', pattern: new RegExp(`^scaling factor: ${NUMBER}$`) },
  clients: { label: 'number of clients', pattern: new RegExp(`^number of clients: ${NUMBER}$`) },
  threads: { label: 'number of threads', pattern: new RegExp(`^number of threads: ${NUMBER}$`) },
  // "N" with -T, "N/M" (done/planned) with -t.
  transactions: {
    label: 'number of transactions actually processed',
    pattern: new RegExp(`^number of transactions actually processed: ${NUMBER}(?:/\\d+)?$`),
  },
  failedTransactions: {
    label: 'number of failed transactions',
    pattern: new RegExp(`^number of failed transactions: ${NUMBER} \\(`),
  },
  durationS: { label: 'duration', pattern: new RegExp(`^duration: ${NUMBER} s$`) },
  // PG 15 appends " (including failures)" with --failures-detailed.
  latencyAvgMs: { label: 'latency average', pattern: new RegExp(`^latency average = ${NUMBER} ms\\b`) },
  latencyStddevMs: { label: 'latency stddev', pattern: new RegExp(`^latency stddev = ${NUMBER} ms$`) },
  initialConnectionMs: {
    label: 'initial connection time',
    pattern: new RegExp(`^initial connection time = ${NUMBER} ms$`),
  },
  tps: {
    label: 'tps',
    pattern: new RegExp(`^tps = ${NUMBER} \\((?:without initial connection time|excluding connections establishing)\\)$`),
  },
} as const;

type Field = keyof typeof LINES;

/**
 * Parses pgbench's end-of-run summary (stdout) of PG 15, tolerating the PG 13/14 forms.
 *
 * @throws Error naming the first expected line that is missing, e.g. when pgbench stopped
 * before printing its summary.
 */
export function parseSummary(stdout: string): PgbenchSummary {
  const found = new Map<Field, string>();
  for (const raw of stdout.split('\n')) {
    const line = raw.trimEnd();
    for (const [field, { pattern }] of Object.entries(LINES) as [Field, (typeof LINES)[Field]][]) {
      const match = pattern.exec(line);
      if (match && !found.has(field)) found.set(field, match[1]!);
    }
  }
  const text = (field: Field): string => {
    const value = found.get(field);
    if (value === undefined) throw new Error(`pgbench printed no "${LINES[field].label}" line in its summary`);
    return value;
  };
  const number = (field: Field): number => Number(text(field));
  const optional = (field: Field): number | undefined => (found.has(field) ? number(field) : undefined);
  return {
    transactionType: text('transactionType'),
    scale: number('scale'),
    queryMode: text('queryMode'),
    clients: number('clients'),
    threads: number('threads'),
    transactions: number('transactions'),
    failedTransactions: optional('failedTransactions'),
    durationS: optional('durationS'),
    latencyAvgMs: optional('latencyAvgMs'),
    latencyStddevMs: optional('latencyStddevMs'),
    initialConnectionMs: optional('initialConnectionMs'),
    tps: number('tps'),
  };
}
