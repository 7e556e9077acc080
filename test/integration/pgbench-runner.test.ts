import { randomBytes } from 'node:crypto';
import { lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPgbenchData } from '../../lib/postgres/pgbench-loader';
import { findPgbench } from '../../lib/postgres/pg-binaries';
import { isProcessAlive } from '../../lib/postgres/process-alive';
import { runBenchmarkWithOutput, type BenchmarkRun } from '../../services/collector/pgbench/run-benchmark';
import { runPgbench } from '../../services/collector/pgbench/run-pgbench';
import { TransactionLogPipes } from '../../services/collector/pgbench/transaction-log-pipes';
import { FailedPreconditionError, NotFoundError } from '../../lib/core/errors';
import { PgTarget } from '../../lib/postgres/pg-target';
import { PGBENCH_FIXTURES } from '../fixtures/pgbench/read-fixture';
import { testServerTarget } from '../helpers/test-store';

// The shared server (trust auth): never reconfigured here. Everything happens in a database
// of this test's own, with a random name, dropped at the end.
const server = testServerTarget();
const database = `pgat_pgbench_${randomBytes(4).toString('hex')}`;
const target = server.withDatabase(database);
const lookupScript = path.join(PGBENCH_FIXTURES, 'scripts', 'lookup.sql');

async function admin(sql: string): Promise<void> {
  const client = new Client(server.clientConfig());
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** pgbench's own numbers, read from its stdout independently of parseSummary. */
function printed(run: BenchmarkRun, label: RegExp): number {
  const match = label.exec(run.stdout);
  if (!match) throw new Error(`pgbench printed no ${label} line:\n${run.stdout}`);
  return Number(match[1]);
}

/** What every successful run must satisfy, whatever its workload. */
function expectConsistent(run: BenchmarkRun, durationS: number): void {
  const { result } = run;
  expect(result.tps).toBe(printed(run, /^tps = ([\d.]+) \(without initial connection time\)$/m));
  expect(result.transactions).toBe(printed(run, /^number of transactions actually processed: (\d+)$/m));
  expect(result.transactions).toBe(run.log.completed);
  expect(result.failedTransactions).toBe(run.log.failed);
  expect(result.transactions).toBeGreaterThan(0);
  const latency = result.latency!;
  expect(latency.p50Ms).toBeGreaterThan(0);
  expect(latency.p50Ms).toBeLessThanOrEqual(latency.p95Ms);
  expect(latency.p95Ms).toBeLessThanOrEqual(latency.p99Ms);
  expect(latency.p99Ms).toBeLessThanOrEqual(latency.maxMs);
  // Our mean over the logged latencies against pgbench's own, printed to the microsecond.
  expect(Math.abs(latency.avgMs - printed(run, /^latency average = ([\d.]+) ms$/m))).toBeLessThan(0.002);
  // pgbench prints the last report only when it falls before the end of the run.
  expect(result.progress.length).toBeGreaterThanOrEqual(durationS - 1);
  expect(result.progress.length).toBeLessThanOrEqual(durationS);
  // A second may pass with no transaction finished when the 2 cores are busy elsewhere (seen
  // in CI), so only the run as a whole must have made progress.
  expect(result.progress.every((p) => p.atS <= durationS && p.tps >= 0)).toBe(true);
  expect(result.progress.some((p) => p.tps > 0)).toBe(true);
  // Only the measured window is counted: its transactions at its own rate.
  expect(result.transactions / result.tps).toBeGreaterThan(durationS * 0.8);
  expect(result.transactions / result.tps).toBeLessThan(durationS * 1.2);
}

beforeAll(async () => {
  await admin(`CREATE DATABASE ${database}`);
});

afterAll(async () => {
  await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
});

describe('pgbench runner against the shared PostgreSQL 15', () => {
  it('reports pgbench\'s hint to run pgbench -i when the tables are missing', async () => {
    const run = runBenchmarkWithOutput(target, { durationS: 1, scripts: [{ builtin: 'select-only' }] });
    await expect(run).rejects.toBeInstanceOf(FailedPreconditionError);
    await expect(run).rejects.toThrow(/relation "pgbench_branches" does not exist[\s\S]*Perhaps you need to do initialization \("pgbench -i"\)/);
  });

  it('loads the pgbench tables at scale 1', async () => {
    await loadPgbenchData({ target, scale: 1, timeoutS: 30 });
    const client = new Client(target.clientConfig());
    await client.connect();
    try {
      const { rows } = await client.query<{ count: string }>('SELECT count(*) FROM pgbench_accounts');
      expect(Number(rows[0]!.count)).toBe(100_000);
    } finally {
      await client.end();
    }
  });

  it('runs a 3-second select-only benchmark whose numbers agree with pgbench\'s summary and log', async () => {
    const run = await runBenchmarkWithOutput(target, { durationS: 3, clients: 2, scripts: [{ builtin: 'select-only' }] });
    expectConsistent(run, 3);
    expect(run.result).toMatchObject({
      durationS: 3,
      clients: 2,
      threads: Math.min(2, availableParallelism()),
      scale: 1,
      queryMode: 'prepared',
      failedTransactions: 0,
    });
    expect(run.result.initialConnectionMs).toBeGreaterThan(0);
  });

  it('runs a built-in and a custom script with weights', async () => {
    const run = await runBenchmarkWithOutput(target, {
      durationS: 2,
      clients: 2,
      protocol: 'extended',
      scripts: [{ builtin: 'select-only', weight: 3 }, { file: lookupScript, weight: 1 }],
    });
    expectConsistent(run, 2);
    expect(run.result.queryMode).toBe('extended');
    expect(run.stdout).toContain('transaction type: multiple scripts');
    expect(run.stdout).toContain('SQL script 1: <builtin: select only>\n - weight: 3 (targets 75.0% of total)');
    expect(run.stdout).toContain(`SQL script 2: ${lookupScript}\n - weight: 1 (targets 25.0% of total)`);
  });

  it('runs the warm-up apart and counts only the measured window', async () => {
    const run = await runBenchmarkWithOutput(target, { durationS: 2, warmupS: 2, clients: 2, scripts: [{ builtin: 'select-only' }] });
    expectConsistent(run, 2);
    expect(run.stdout).toContain('duration: 2 s');
  });

  it('fails with pgbench\'s connection error for a database that does not exist', async () => {
    const missing = `${database}_missing`;
    // Without the CHECKPOINT, whose own connection would fail first (with the server's message too).
    await expect(runBenchmarkWithOutput(server.withDatabase(missing), { durationS: 1 })).rejects.toThrow(
      new RegExp(`^CHECKPOINT before the run: .*database "${missing}" does not exist`),
    );
    const run = runBenchmarkWithOutput(server.withDatabase(missing), { durationS: 1, checkpoint: 'off' });
    await expect(run).rejects.toBeInstanceOf(FailedPreconditionError);
    await expect(run).rejects.toThrow(
      new RegExp(`^pgbench failed \\(exit status 1\\): pgbench: error: connection to server .* failed: FATAL:  database "${missing}" does not exist`),
    );
  });

  it('names a missing custom script file before running anything', async () => {
    const missing = path.join(PGBENCH_FIXTURES, 'scripts', 'no-such-script.sql');
    const run = runBenchmarkWithOutput(target, { durationS: 1, scripts: [{ builtin: 'select-only' }, { file: missing, weight: 2 }] });
    await expect(run).rejects.toBeInstanceOf(NotFoundError);
    await expect(run).rejects.toThrow(`benchmark.scripts[1].file: pgbench script file not found: ${missing}`);
  });
});

describe('the per-transaction log streams through FIFOs', () => {
  // The collector's log folders go under TMPDIR: a folder of this test's own, to look into.
  const savedTmpdir = process.env.TMPDIR;
  let base: string;
  beforeAll(() => {
    base = mkdtempSync(path.join(tmpdir(), 'pgat-fifo-'));
    process.env.TMPDIR = base;
  });
  afterAll(() => {
    if (savedTmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmpdir;
    rmSync(base, { recursive: true, force: true });
  });

  /** The files of the run's log folder once pgbench has made them all. */
  async function logFilesMidRun(threads: number): Promise<string[]> {
    for (let i = 0; i < 100; i++) {
      const [folder] = readdirSync(base);
      const files = folder ? readdirSync(path.join(base, folder)).map((name) => path.join(base, folder, name)) : [];
      if (files.length === threads) return files;
      await delay(50);
    }
    throw new Error(`no log folder with ${threads} files in ${base}`);
  }

  /** pgbench's pid, from the name of thread 0's log (the shortest). */
  const pgbenchPid = (files: string[]) => Number(/\.(\d+)$/.exec(files.map((f) => path.basename(f)).sort()[0]!)![1]);

  it('takes no disk during a run with several threads, and counts every transaction pgbench counts', async () => {
    const running = runBenchmarkWithOutput(target, { durationS: 4, clients: 4, threads: 3, scripts: [{ builtin: 'select-only' }] });
    const files = await logFilesMidRun(3);
    await delay(1500);
    // Mid-run: FIFOs only, one per thread, named after pgbench's pid, holding no blocks.
    const pid = pgbenchPid(files);
    expect(files.map((f) => path.basename(f))).toEqual([`pgbench_log.${pid}`, `pgbench_log.${pid}.1`, `pgbench_log.${pid}.2`]);
    for (const file of files) {
      const stats = lstatSync(file);
      expect(stats.isFIFO()).toBe(true);
      expect(stats.blocks).toBe(0);
    }
    expect(readFileSync(`/proc/${pid}/comm`, 'utf8').trim()).toBe('pgbench');
    const run = await running;
    expectConsistent(run, 4);
    expect(run.result.threads).toBe(3);
    expect(run.result.transactions).toBe(printed(run, /^number of transactions actually processed: (\d+)$/m));
    expect(run.log.completed).toBe(run.result.transactions);
    expect(readdirSync(base)).toEqual([]);
  });

  it('stops pgbench within a second of a cancel and leaves no folder', async () => {
    const controller = new AbortController();
    const running = runBenchmarkWithOutput(target, { durationS: 30, clients: 2, scripts: [{ builtin: 'select-only' }] }, { signal: controller.signal });
    const files = await logFilesMidRun(Math.min(2, availableParallelism()));
    const pid = pgbenchPid(files);
    await delay(1000);
    expect(isProcessAlive(pid)).toBe(true);
    const cancelled = Date.now();
    controller.abort(new Error('session cancelled'));
    await expect(running).rejects.toThrow('session cancelled');
    expect(Date.now() - cancelled).toBeLessThan(1000);
    expect(isProcessAlive(pid)).toBe(false);
    expect(readdirSync(base)).toEqual([]);
  });

  it('does not hang when pgbench fails before opening its log: an unreachable server, a bad option', async () => {
    const started = Date.now();
    const unreachable = PgTarget.fromDsn('postgres://postgres@127.0.0.1:1/postgres', {});
    await expect(runBenchmarkWithOutput(unreachable, { durationS: 30, clients: 2, checkpoint: 'off' })).rejects.toThrow(
      /^pgbench failed \(exit status 1\): pgbench: error: connection to server at "127\.0\.0\.1", port 1 failed: Connection refused/,
    );
    expect(readdirSync(base)).toEqual([]);

    const folder = mkdtempSync(path.join(base, 'bad-option-'));
    const prefix = path.join(folder, 'pgbench_log');
    const pipes = new TransactionLogPipes(folder, 2);
    pipes.watch();
    const run = runPgbench({
      pgbenchPath: findPgbench(),
      args: ['--no-such-option', '--jobs', '2', '--log', '--log-prefix', prefix],
      target,
      timeoutMs: 60_000,
      what: 'pgbench',
      fifoLog: { prefix, threads: 2 },
    });
    await expect(run).rejects.toThrow(/^pgbench failed \(exit status 1\): /);
    await pipes.close();
    expect(readdirSync(folder).every((name) => lstatSync(path.join(folder, name)).isFIFO())).toBe(true);
    rmSync(folder, { recursive: true });
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
