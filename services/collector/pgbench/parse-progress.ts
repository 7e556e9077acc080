/** One `-P` progress report: the interval that ended `atS` seconds into the run. */
export interface PgbenchProgress {
  atS: number;
  tps: number;
  latencyMs: number;
  stddevMs: number;
  /** PG 15+ prints it always; older versions never. */
  failed: number;
  /** With a rate limit (-R). */
  lagMs?: number;
  /** With a rate limit and a latency limit (-R with -L). */
  skipped?: number;
  /** With --max-tries other than 1. */
  retried?: number;
  retries?: number;
}

// pgbench prints C doubles: "nan"/"-nan" when an interval completed no transaction.
const NUMBER = String.raw`(-?(?:\d+(?:\.\d*)?|nan|inf))`;
const HEAD = new RegExp(`^progress: ${NUMBER} s, ${NUMBER} tps, lat ${NUMBER} ms stddev ${NUMBER}(.*)$`);

// The optional ", ..." parts after the head, in any order; unknown parts are ignored so a
// newer pgbench adding one does not break parsing.
const PARTS: [keyof PgbenchProgress, RegExp][] = [
  ['failed', /^(\d+) failed$/],
  ['lagMs', new RegExp(`^lag ${NUMBER} ms$`)],
  ['skipped', /^(\d+) skipped$/],
  ['retried', /^(\d+) retried$/],
  ['retries', /^(\d+) retries$/],
];

/**
 * Parses one progress line (pgbench writes them to stderr), e.g.
 * `progress: 5.0 s, 1234.5 tps, lat 3.210 ms stddev 1.234, 0 failed, lag 0.105 ms, 7 skipped`.
 * Returns undefined for any other line. A value pgbench printed as NaN (an interval without
 * transactions) is 0.
 */
export function parseProgressLine(line: string): PgbenchProgress | undefined {
  const head = HEAD.exec(line.trim());
  if (!head) return undefined;
  const [, atS, tps, latencyMs, stddevMs, rest] = head;
  const progress: PgbenchProgress = {
    atS: finite(atS!),
    tps: finite(tps!),
    latencyMs: finite(latencyMs!),
    stddevMs: finite(stddevMs!),
    failed: 0,
  };
  for (const part of rest!.split(',').map((p) => p.trim()).filter(Boolean)) {
    for (const [field, pattern] of PARTS) {
      const match = pattern.exec(part);
      if (match) progress[field] = finite(match[1]!);
    }
  }
  return progress;
}

/** Every progress line of pgbench's stderr, in order; other lines are skipped. */
export function parseProgress(stderr: string): PgbenchProgress[] {
  return stderr.split('\n').flatMap((line) => parseProgressLine(line) ?? []);
}

function finite(text: string): number {
  const value = Number(text);
  return Number.isFinite(value) ? value : 0;
}
