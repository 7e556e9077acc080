import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBenchmark, runBenchmarkWithOutput } from '../../services/collector/pgbench/run-benchmark';
import { FailedPreconditionError, InvalidArgumentError, NotFoundError } from '../../lib/core/errors';
import { PgTarget } from '../../lib/postgres/pg-target';
import { PGBENCH_FIXTURES } from '../fixtures/pgbench/read-fixture';

// A stand-in pgbench that records its arguments and replays a captured run: the real
// tpcb-like run of test/fixtures/pgbench/tpcb-logged*, per-transaction logs included.
const dir = mkdtempSync(path.join(tmpdir(), 'pgat-run-benchmark-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const calls = path.join(dir, 'calls');
const target = new PgTarget({ host: '127.0.0.1', port: 5432, user: 'u', database: 'd', password: 'secret-pw' });

function fake(name: string, body: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, `#!/bin/sh\necho "$*" >> ${calls}\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

const LOGS = `${PGBENCH_FIXTURES}/tpcb-logged/pgbench_log`;
const replay = fake(
  'replay',
  `prefix=""
while [ $# -gt 0 ]; do
  if [ "$1" = "--log-prefix" ]; then prefix="$2"; fi
  shift
done
cat ${PGBENCH_FIXTURES}/tpcb-logged.stdout
cat ${PGBENCH_FIXTURES}/tpcb-logged.stderr >&2
# Into the FIFOs the collector made for this pid; one thread takes both threads' lines.
if [ -p "$prefix.$$.1" ]; then
  cat ${LOGS}.11827 > "$prefix.$$" && cat ${LOGS}.11827.1 > "$prefix.$$.1"
elif [ -n "$prefix" ]; then
  cat ${LOGS}.11827 ${LOGS}.11827.1 > "$prefix.$$"
fi`,
);

function readCalls(): string[][] {
  const lines = readFileSync(calls, 'utf8').trim().split('\n');
  rmSync(calls);
  return lines.map((l) => l.split(' '));
}

describe('runBenchmark (with a pgbench replaying a captured run)', () => {
  it('runs an unmeasured warm-up, then reads the measured run into a BenchmarkResult', async () => {
    const run = await runBenchmarkWithOutput(
      target,
      { durationS: 2, warmupS: 3, clients: 2, checkpoint: 'off', tpsEstimator: 'total', scripts: [{ builtin: 'tpcb-like' }], protocol: 'simple' },
      { pgbenchPath: replay, cpus: 2 },
    );
    const [warmup, measured] = readCalls();
    expect(warmup).toEqual(['--client', '2', '--jobs', '2', '--time', '3', '--protocol', 'simple', '--builtin', 'tpcb-like@1']);
    expect(measured!.slice(0, 12)).toEqual([...warmup!.slice(0, 5), '2', ...warmup!.slice(6), '--progress', '1']);
    const logPrefix = measured![measured!.indexOf('--log-prefix') + 1]!;
    expect(existsSync(path.dirname(logPrefix))).toBe(false); // the private log folder is gone

    const { result } = run;
    expect(result).toMatchObject({
      tps: 1527.067267,
      transactions: 3020,
      failedTransactions: 0,
      durationS: 2,
      clients: 2,
      threads: 2,
      scale: 1,
      queryMode: 'simple',
      initialConnectionMs: 28.737,
    });
    expect(run.log).toEqual({ completed: 3020, failed: 0, skipped: 0 });
    expect(result.progress).toEqual([
      { atS: 1, tps: 1497.7, latencyMs: 1.294, stddevMs: 0.504, failed: 0 },
      { atS: 2, tps: 1520.2, latencyMs: 1.312, stddevMs: 0.478, failed: 0 },
    ]);
    const latency = result.latency!;
    // The log's exact figures agree with pgbench's own rounded ones (1.303 ms avg, 0.491 ms stddev).
    expect(latency.avgMs).toBeCloseTo(1.303, 2);
    expect(latency.stddevMs).toBeCloseTo(0.491, 2);
    // Nearest-rank percentiles of the 3,020 logged latencies (sort -n | sed -n RANKp), within
    // the histogram's 0.14% (latency-histogram.ts); the max is exact.
    const exact = [1.258, 1.82, 2.833];
    [latency.p50Ms, latency.p95Ms, latency.p99Ms].forEach((ms, i) => expect(Math.abs(ms - exact[i]!) / exact[i]!).toBeLessThanOrEqual(0.0014));
    expect(latency.maxMs).toBe(10.123);
    expect(run.stdout).toContain('tps = 1527.067267');
  });

  it('runs no warm-up when warmup_s is 0 and returns just the result from runBenchmark', async () => {
    const result = await runBenchmark(target, { durationS: 2, checkpoint: 'off', tpsEstimator: 'median' }, { pgbenchPath: replay, cpus: 1 });
    expect(readCalls()).toHaveLength(1);
    // tps is the median of the per-second series (1497.7, 1520.2); the total is kept beside it.
    expect(result).toMatchObject({ tps: 1508.95, totalTps: 1527.067267, tpsEstimator: 'median', checkpointed: false, dataReset: false });
  });

  it('reports a failing warm-up with pgbench\'s message and skips the measured run', async () => {
    const failing = fake('failing', `cat ${PGBENCH_FIXTURES}/errors/no-tables.stderr >&2; exit 1`);
    const run = runBenchmark(target, { durationS: 2, warmupS: 1, checkpoint: 'off' }, { pgbenchPath: failing });
    await expect(run).rejects.toBeInstanceOf(FailedPreconditionError);
    await expect(runBenchmark(target, { durationS: 2, warmupS: 1, checkpoint: 'off' }, { pgbenchPath: failing })).rejects.toThrow(
      /^pgbench warm-up run failed \(exit status 1\): pgbench: error: could not count number of branches: ERROR: {2}relation "pgbench_branches" does not exist\nLINE 1: .*\npgbench: hint: Perhaps you need to do initialization \("pgbench -i"\)/,
    );
    expect(readCalls()).toHaveLength(2);
  });

  it('reports output it cannot read as a failed precondition', async () => {
    const mute = fake('mute', 'exit 0');
    await expect(runBenchmark(target, { durationS: 1, checkpoint: 'off' }, { pgbenchPath: mute })).rejects.toThrow(
      'pgbench ran but its summary could not be read: pgbench printed no "transaction type" line in its summary',
    );
    readCalls();
  });

  it('fails clearly when the log did not come through the FIFOs (a file beside them is not read)', async () => {
    const toFile = fake(
      'to-file',
      `for a do prefix=$a; done
cat ${PGBENCH_FIXTURES}/tpcb-logged.stdout
cat ${LOGS}.11827 ${LOGS}.11827.1 > "$prefix.$$.file"`,
    );
    // The prefix is pgbench's last argument here (no custom options after --log-prefix).
    await expect(runBenchmark(target, { durationS: 2, checkpoint: 'off' }, { pgbenchPath: toFile, cpus: 1 })).rejects.toThrow(
      'pgbench ran but its transaction log could not be read: it logged 0 completed transactions where its summary counts 3020',
    );
    readCalls();
  });

  it('stops the run at once when a log line cannot be read, and removes the folder', async () => {
    const garbling = fake(
      'garbling',
      `for a do prefix=$a; done
echo "$prefix" > ${dir}/garbling-prefix
echo 'this is not a log line' > "$prefix.$$"
exec sleep 30`,
    );
    const started = Date.now();
    const run = runBenchmark(target, { durationS: 20, checkpoint: 'off' }, { pgbenchPath: garbling, cpus: 1 });
    await expect(run).rejects.toBeInstanceOf(FailedPreconditionError);
    await expect(runBenchmark(target, { durationS: 20, checkpoint: 'off' }, { pgbenchPath: garbling, cpus: 1 })).rejects.toThrow(
      /^pgbench's transaction log could not be read: not a pgbench transaction log line with 6 fields: "this is not a log line"$/,
    );
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(existsSync(path.dirname(readFileSync(path.join(dir, 'garbling-prefix'), 'utf8').trim()))).toBe(false);
    readCalls();
  });

  it('does not wait for FIFOs that pgbench never opened, whether it fails or succeeds', async () => {
    // Fails before opening its log, as with a bad option or an unreachable server.
    const early = fake('early', `echo 'pgbench: error: connection to server at "127.0.0.1", port 1 failed: Connection refused' >&2; exit 1`);
    await expect(runBenchmark(target, { durationS: 20, checkpoint: 'off' }, { pgbenchPath: early, cpus: 2 })).rejects.toThrow(
      /^pgbench failed \(exit status 1\): pgbench: error: connection to server .* Connection refused$/,
    );
    // Succeeds with fewer threads than FIFOs: thread 1's FIFO is never opened.
    const oneThread = fake(
      'one-thread',
      `for a do prefix=$a; done
cat ${PGBENCH_FIXTURES}/tpcb-logged.stdout
cat ${LOGS}.11827 ${LOGS}.11827.1 > "$prefix.$$"`,
    );
    const run = await runBenchmarkWithOutput(target, { durationS: 2, clients: 2, checkpoint: 'off' }, { pgbenchPath: oneThread, cpus: 2 });
    expect(run.log).toEqual({ completed: 3020, failed: 0, skipped: 0 });
    readCalls();
  });

  it('validates the spec and the script files before starting pgbench', async () => {
    await expect(runBenchmark(target, { durationS: 0, checkpoint: 'off' }, { pgbenchPath: replay })).rejects.toBeInstanceOf(InvalidArgumentError);
    const missing = path.join(dir, 'missing.sql');
    await expect(runBenchmark(target, { durationS: 1, scripts: [{ file: missing }] }, { pgbenchPath: replay })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect(existsSync(calls)).toBe(false);
  });
});
