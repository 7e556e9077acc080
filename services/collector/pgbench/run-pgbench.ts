import { DeadlineExceededError, FailedPreconditionError } from '../../../lib/core/errors';
import type { PgTarget } from '../../../lib/postgres/pg-target';
import { runProgram } from '../../../lib/postgres/run-program';
import { fifoLogCommand, type FifoLog } from './fifo-log-command';
import { pgbenchErrorMessage } from './pgbench-error-message';

/** One pgbench process to run to completion. */
export interface PgbenchInvocation {
  pgbenchPath: string;
  args: string[];
  target: PgTarget;
  /** Hard limit: past it pgbench is killed. */
  timeoutMs: number;
  signal?: AbortSignal;
  /** Names the run in errors, e.g. "pgbench warm-up run". */
  what: string;
  /** The per-transaction log `args` ask for (--log --log-prefix), to be made of FIFOs. */
  fifoLog?: FifoLog;
}

export interface PgbenchOutput {
  stdout: string;
  stderr: string;
}

// The end of each stream is kept up to this: a summary is a few hundred bytes and a progress
// line per second for a day is under 10 MB, so only a runaway stream of errors gets here.
const MAX_OUTPUT_CHARS = 16 * 1024 * 1024;
const INSTALL_HINT = 'install the PostgreSQL client programs (postgresql-client)';
// What a shell exits with when the program it was to exec is not there.
const SHELL_NOT_FOUND = 127;

/**
 * Runs pgbench (connection settings and password in its environment only) and resolves with
 * its output when it exits with status 0. No shell, except the constant one of
 * fifo-log-command.ts when `fifoLog` is given, which execs pgbench under its own pid: killing
 * the child on timeout or abort kills pgbench.
 *
 * @throws FailedPreconditionError when pgbench cannot start or exits with an error, with
 * pgbench's own messages and never the password; DeadlineExceededError when it outlives
 * `timeoutMs` (it is killed); the signal's reason when `signal` aborts it (it is killed).
 */
export async function runPgbench(invocation: PgbenchInvocation): Promise<PgbenchOutput> {
  const { pgbenchPath, args, target, timeoutMs, signal, what, fifoLog } = invocation;
  const command = fifoLog ? fifoLogCommand(pgbenchPath, args, fifoLog) : { file: pgbenchPath, args };
  const result = await runProgram(command.file, command.args, {
    // C locale: the parsers read pgbench's English messages and C-formatted numbers.
    env: { ...target.childEnv(), LC_ALL: 'C' },
    timeoutMs,
    maxOutputChars: MAX_OUTPUT_CHARS,
    installHint: INSTALL_HINT,
    signal,
  });
  if (result.timedOut) throw new DeadlineExceededError(`${what} did not finish within ${timeoutMs / 1000} s and was killed`);
  const { stdout, stderr } = result;
  if (result.exitCode === 0) return { stdout, stderr };
  if (fifoLog && result.exitCode === SHELL_NOT_FOUND) {
    throw new FailedPreconditionError(`cannot run ${pgbenchPath} (${lastLines(stderr) ?? 'not found'}): ${INSTALL_HINT}`);
  }
  const status = result.exitCode === null ? `killed by ${result.signal}` : `exit status ${result.exitCode}`;
  const message = pgbenchErrorMessage(stderr) ?? lastLines(stderr) ?? 'no error message';
  throw new FailedPreconditionError(target.redact(`${what} failed (${status}): ${message}`));
}

function lastLines(text: string): string | undefined {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.length > 0 ? lines.slice(-5).join('\n') : undefined;
}
