import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { BenchmarkResult__Output } from '../../../proto/generated/autotune/v1/BenchmarkResult';
import type { BenchmarkSpec } from '../../../proto/generated/autotune/v1/BenchmarkSpec';
import { errorMessage, FailedPreconditionError, UnavailableError } from '../../../lib/core/errors';
import type { PgTarget } from '../../../lib/postgres/pg-target';
import { SQLSTATE, sqlState } from '../../../lib/store/sql-state';
import { withConnection } from '../pg-connection';
import { benchmarkResult } from './benchmark-result';
import { resolveBenchmarkSpec, type ResolvedBenchmarkSpec } from '../../../lib/session/benchmark-spec';
import { checkScriptFiles } from './check-script-files';
import { parseProgress } from './parse-progress';
import { parseSummary } from './parse-summary';
import { pgbenchBenchmarkArgs, type PgbenchRunShape } from './pgbench-args';
import { resolvePgbenchOptions, type PgbenchOptions } from './pgbench-options';
import { runPgbench } from './run-pgbench';
import { createTransactionLogDir } from './transaction-log-dir';
import { TransactionLogPipes } from './transaction-log-pipes';
import type { TransactionLogTotals } from './transaction-log-totals';

/** A measured run with the pgbench output it was read from. */
export interface BenchmarkRun {
  result: BenchmarkResult__Output;
  /** pgbench's stdout (its summary) and stderr (progress) of the measured run. */
  stdout: string;
  stderr: string;
  /** Counts of the per-transaction log, which the latencies come from. */
  log: Omit<TransactionLogTotals, 'latencies'>;
}

/** How runBenchmark runs pgbench, and what it may do to the data before. */
export interface BenchmarkRunOptions extends PgbenchOptions {
  /**
   * Re-creates the bench data when the spec's schedule says so (the collector's
   * BenchDataResetter, which keeps the schedule); true when it did. @defaultValue never resets
   */
  resetData?: (spec: ResolvedBenchmarkSpec) => Promise<boolean>;
}

const LOG_FILE_PREFIX = 'pgbench_log';

/**
 * Benchmarks `target` with pgbench as `spec` says, in this order: the bench data re-created
 * from its template when `resetData` says it is due; a CHECKPOINT when `spec.checkpoint` is on
 * (so no run inherits the previous run's dirty buffers and pays for their write-out); an
 * unmeasured warm-up run of warmup_s when asked (a separate pgbench, so nothing of it can leak
 * into the numbers, and it refills the caches the reset and checkpoint emptied); then the
 * measured run with progress reports and a per-transaction log made of FIFOs in a private
 * temporary directory (transaction-log-dir.ts, fifo-log-command.ts), read into a histogram
 * while pgbench writes (transaction-log-pipes.ts), so the log takes no disk; the folder is
 * removed on every way out. Its `tps` is the spec's estimator, `totalTps` pgbench's total.
 *
 * @throws InvalidArgumentError for a bad spec field; NotFoundError for a missing script
 * file; FailedPreconditionError when pgbench is missing or fails (with its message);
 * DeadlineExceededError when pgbench outlives its time; the signal's reason when aborted.
 */
export async function runBenchmark(
  target: PgTarget,
  spec: BenchmarkSpec,
  options: BenchmarkRunOptions = {},
): Promise<BenchmarkResult__Output> {
  return (await runBenchmarkWithOutput(target, spec, options)).result;
}

/** runBenchmark, also returning pgbench's output and the log's counts (for records and checks). */
export async function runBenchmarkWithOutput(
  target: PgTarget,
  spec: BenchmarkSpec,
  options: BenchmarkRunOptions = {},
): Promise<BenchmarkRun> {
  const { signal, pgbenchPath, cpus, timeoutMarginS } = resolvePgbenchOptions(options);
  const resolved = resolveBenchmarkSpec(spec, { cpus });
  await checkScriptFiles(resolved.scripts);
  const run = (what: string, shape: PgbenchRunShape, stop: AbortSignal | undefined = signal) =>
    runPgbench({
      pgbenchPath,
      args: pgbenchBenchmarkArgs(resolved, shape),
      target,
      timeoutMs: (shape.durationS + timeoutMarginS) * 1000,
      signal: stop,
      what,
      fifoLog: shape.logPrefix === undefined ? undefined : { prefix: shape.logPrefix, threads: resolved.threads },
    });

  const dataReset = (await options.resetData?.(resolved)) ?? false;
  const checkpointed = resolved.checkpoint === 'on';
  if (checkpointed) await checkpoint(target);
  if (resolved.warmupS > 0) await run('pgbench warm-up run', { durationS: resolved.warmupS });

  const logDir = await createTransactionLogDir();
  const pipes = new TransactionLogPipes(logDir, resolved.threads);
  try {
    pipes.watch();
    const shape = {
      durationS: resolved.durationS,
      progressIntervalS: resolved.progressIntervalS,
      logPrefix: path.join(logDir, LOG_FILE_PREFIX),
    };
    // A pipe that cannot be read stops the run: pgbench would block writing to it.
    const output = await run('pgbench', shape, signal ? AbortSignal.any([signal, pipes.failed]) : pipes.failed);
    const summary = await readOutput('its summary', async () => parseSummary(output.stdout));
    const log = await readOutput('its transaction log', async () => {
      const totals = await pipes.finish();
      if (totals.completed !== summary.transactions) {
        throw new Error(`it logged ${totals.completed} completed transactions where its summary counts ${summary.transactions}`);
      }
      return totals;
    });
    return {
      result: benchmarkResult(summary, parseProgress(output.stderr), log, resolved.durationS, {
        tpsEstimator: resolved.tpsEstimator,
        checkpointed,
        dataReset,
      }),
      stdout: output.stdout,
      stderr: output.stderr,
      log: { completed: log.completed, failed: log.failed, skipped: log.skipped },
    };
  } finally {
    await pipes.close();
    await rm(logDir, { recursive: true, force: true });
  }
}

// pgbench succeeded but said something we cannot read: a precondition (a pgbench we do not
// understand), reported without a stack trace.
async function readOutput<T>(what: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    throw new FailedPreconditionError(`pgbench ran but ${what} could not be read: ${errorMessage(err)}`, { cause: err });
  }
}

// CHECKPOINT needs superuser or (PG 15+) pg_checkpoint: without either it is the target's
// precondition, said plainly, and the spec's checkpoint "off" runs without it.
async function checkpoint(target: PgTarget): Promise<void> {
  try {
    await withConnection(target, (client) => client.query('CHECKPOINT'));
  } catch (err) {
    // The server answered and refused (no such database, authentication): the target's fault, as pgbench's would be.
    if (err instanceof UnavailableError && sqlState(err.cause) !== undefined) {
      throw new FailedPreconditionError(`CHECKPOINT before the run: ${err.message}`, { cause: err });
    }
    if (sqlState(err) === SQLSTATE.insufficientPrivilege) {
      throw new FailedPreconditionError(
        `CHECKPOINT before the run was refused for ${target.user} (it needs superuser or pg_checkpoint); grant it, or set benchmark.checkpoint to off`,
        { cause: err },
      );
    }
    throw err;
  }
}
