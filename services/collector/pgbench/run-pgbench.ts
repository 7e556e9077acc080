import { spawn } from 'node:child_process';
import { DeadlineExceededError, FailedPreconditionError } from '../../../lib/core/errors';
import type { PgTarget } from '../../../lib/postgres/pg-target';
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
}

export interface PgbenchOutput {
  stdout: string;
  stderr: string;
  /** Wall-clock seconds from start to exit. */
  seconds: number;
}

// Output beyond this is dropped: a summary is a few hundred bytes and a progress line per
// second for a day is under 10 MB, so only a runaway stream of errors gets here.
const MAX_OUTPUT_BYTES = 16 * 1024 * 1024;
// Time pgbench gets to exit after SIGTERM before SIGKILL.
const KILL_GRACE_MS = 5000;

/**
 * Runs pgbench (no shell; connection settings and password in its environment only) and
 * resolves with its output when it exits with status 0.
 *
 * @throws FailedPreconditionError when pgbench cannot start or exits with an error, with
 * pgbench's own messages and never the password; DeadlineExceededError when it outlives
 * `timeoutMs` (it is killed); the signal's reason when `signal` aborts it (it is killed).
 */
export function runPgbench(invocation: PgbenchInvocation): Promise<PgbenchOutput> {
  const { pgbenchPath, args, target, timeoutMs, signal, what } = invocation;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const started = performance.now();
    const child = spawn(pgbenchPath, args, {
      // C locale: the parsers read pgbench's English messages and C-formatted numbers.
      env: { ...target.childEnv(), LC_ALL: 'C' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout = collect(child.stdout);
    const stderr = collect(child.stderr);
    let stopReason: 'timeout' | 'abort' | undefined;
    let killTimer: NodeJS.Timeout | undefined;
    const stop = (reason: 'timeout' | 'abort') => {
      stopReason ??= reason;
      child.kill('SIGTERM');
      killTimer ??= setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
    };
    const timeout = setTimeout(() => stop('timeout'), timeoutMs);
    const onAbort = () => stop('abort');
    signal?.addEventListener('abort', onAbort, { once: true });
    const cleanUp = () => {
      clearTimeout(timeout);
      clearTimeout(killTimer);
      signal?.removeEventListener('abort', onAbort);
    };

    child.on('error', (err: NodeJS.ErrnoException) => {
      cleanUp();
      reject(new FailedPreconditionError(
        `${what}: cannot run ${pgbenchPath} (${err.code ?? err.message}): install the PostgreSQL client programs (postgresql-client)`,
        { cause: err },
      ));
    });
    child.on('close', (code, exitSignal) => {
      cleanUp();
      const output = { stdout: stdout(), stderr: stderr(), seconds: (performance.now() - started) / 1000 };
      if (stopReason === 'abort') return reject(signal!.reason);
      if (stopReason === 'timeout') {
        return reject(new DeadlineExceededError(`${what} did not finish within ${timeoutMs / 1000} s and was killed`));
      }
      if (code === 0) return resolve(output);
      const status = code === null ? `killed by ${exitSignal}` : `exit status ${code}`;
      const message = pgbenchErrorMessage(output.stderr) ?? lastLines(output.stderr) ?? 'no error message';
      reject(new FailedPreconditionError(redact(`${what} failed (${status}): ${message}`, target.password)));
    });
  });
}

function collect(stream: NodeJS.ReadableStream): () => string {
  const chunks: Buffer[] = [];
  let bytes = 0;
  stream.on('data', (chunk: Buffer) => {
    if (bytes >= MAX_OUTPUT_BYTES) return;
    chunks.push(chunk);
    bytes += chunk.length;
  });
  return () => Buffer.concat(chunks).toString('utf8');
}

function lastLines(text: string): string | undefined {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.length > 0 ? lines.slice(-5).join('\n') : undefined;
}

// pgbench never prints the password, but its messages quote server errors; keep it out of
// our errors whatever they quote.
function redact(text: string, password: string | undefined): string {
  return password ? text.split(password).join('[redacted]') : text;
}
