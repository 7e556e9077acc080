import { spawn } from 'node:child_process';
import { FailedPreconditionError } from '../core/errors';
import { OutputFiles } from './output-files';

export interface RunProgramOptions {
  /**
   * Run as this OS user through `runuser -u USER --` (this process must be root).
   * @defaultValue undefined: as the current user
   */
  asUser?: string;
  /**
   * Kill the program after this many milliseconds and report `timedOut`.
   * @defaultValue 60_000
   */
  timeoutMs?: number;
  /**
   * Stops the program: it is killed, and the call rejects with the signal's reason once it has
   * exited. A signal that has already aborted starts nothing.
   */
  signal?: AbortSignal;
  /** @defaultValue process.env */
  env?: NodeJS.ProcessEnv;
  /**
   * Working folder. The default is one every user may enter: runuser keeps the caller's
   * folder, and PostgreSQL's programs complain when they cannot enter it (/root is mode 700).
   * @defaultValue '/'
   */
  cwd?: string;
  /**
   * Start the program in a process group of its own and signal the whole group on timeout or
   * abort, so that what a shell started dies with it. Off by default: a group of its own also
   * escapes the terminal's Ctrl-C.
   * @defaultValue false
   */
  ownProcessGroup?: boolean;
  /**
   * Let the program outlive this process: a session of its own (implies `ownProcessGroup`)
   * and its output in unlinked files (output-files.ts) instead of pipes, which would give it
   * SIGPIPE once this process died. For pg_ctl and restart commands: a collector killed during
   * `pg_ctl restart` must not leave the server stopped half-way. A timeout or abort still
   * kills it while this process lives.
   * @defaultValue false
   */
  detached?: boolean;
  /**
   * How much of each of stdout and stderr is kept: the last this many characters, so that a
   * chatty program cannot exhaust memory and its final words (a summary, the error) survive.
   * @defaultValue 64 KiB, enough for every message of the server programs
   */
  maxOutputChars?: number;
  /** Appended to the error when the program cannot be started: what to install. */
  installHint?: string;
}

export interface ProgramResult {
  /** Null when the program ended by a signal. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_MAX_OUTPUT_CHARS = 64 * 1024;
// After SIGTERM, a program (and runuser, which forwards it) gets this long before SIGKILL:
// pgbench ends its clients' transactions and disconnects in that time.
const KILL_GRACE_MS = 5_000;
// How long output may still arrive after the program exited.
const PIPE_GRACE_MS = 500;

/**
 * Runs a program with an argument array (never through a shell), reading its output as it
 * arrives, and resolves with its exit status and output whatever the status: callers decide
 * what a failure means. The one place this project starts child processes from.
 *
 * @throws FailedPreconditionError when the program cannot be started at all (not installed).
 * @throws the signal's reason when `signal` aborts the run (the program is killed first).
 */
export function runProgram(file: string, args: readonly string[], options: RunProgramOptions = {}): Promise<ProgramResult> {
  const { asUser, timeoutMs = DEFAULT_TIMEOUT_MS, signal, env = process.env, cwd = '/', detached = false } = options;
  const { maxOutputChars = DEFAULT_MAX_OUTPUT_CHARS, installHint } = options;
  const ownProcessGroup = detached || (options.ownProcessGroup ?? false);
  const [command, commandArgs] = asUser ? ['runuser', ['-u', asUser, '--', file, ...args]] : [file, [...args]];
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const files = detached ? OutputFiles.create() : undefined;
    const stdio = files ? (['ignore', files.stdoutFd, files.stderrFd] as const) : (['ignore', 'pipe', 'pipe'] as const);
    const child = spawn(command, commandArgs, { cwd, env, stdio: [...stdio], detached: ownProcessGroup });
    const keepTail = (text: string) => (text.length > maxOutputChars ? text.slice(-maxOutputChars) : text);
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout = keepTail(stdout + chunk)));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr = keepTail(stderr + chunk)));

    const sendSignal = (name: NodeJS.Signals) => {
      try {
        if (ownProcessGroup && child.pid !== undefined) process.kill(-child.pid, name);
        else child.kill(name);
      } catch {
        // Already gone.
      }
    };
    // Whichever comes first decides how the run ends.
    let stopReason: 'timeout' | 'abort' | undefined;
    // Not cleared when the program exits: in a group of its own, what it started may outlive it.
    let killTimer: NodeJS.Timeout | undefined;
    const stop = (reason: 'timeout' | 'abort') => {
      stopReason ??= reason;
      sendSignal('SIGTERM');
      killTimer ??= setTimeout(() => sendSignal('SIGKILL'), KILL_GRACE_MS).unref();
    };
    const timer = setTimeout(() => stop('timeout'), timeoutMs);
    const onAbort = () => stop('abort');
    signal?.addEventListener('abort', onAbort, { once: true });

    let settled = false;
    const settle = (): boolean => {
      if (settled) return false;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      return true;
    };
    const finish = async (exitCode: number | null, exitSignal: NodeJS.Signals | null) => {
      if (!settle()) return;
      if (files) {
        try {
          ({ stdout, stderr } = await files.tails(maxOutputChars));
        } finally {
          files.close();
        }
      }
      if (stopReason === 'abort') reject(signal!.reason);
      else resolve({ exitCode, signal: exitSignal, stdout, stderr, timedOut: stopReason === 'timeout' });
    };
    const fail = (err: unknown) => reject(err);
    child.on('error', (err: NodeJS.ErrnoException) => {
      if (!settle()) return;
      files?.close();
      const hint = installHint ? `: ${installHint}` : '';
      reject(new FailedPreconditionError(`cannot run ${command} (${err.code ?? err.message})${hint}`, { cause: err }));
    });
    if (files) {
      // No pipes to wait for: the exit is the end.
      child.on('exit', (exitCode, exitSignal) => void finish(exitCode, exitSignal).catch(fail));
      return;
    }
    // 'close' waits for the output pipes, which a daemon the program left behind may hold
    // (a restart command running pg_ctl without -l): after the exit, wait a moment, not forever.
    child.on('close', (exitCode, exitSignal) => void finish(exitCode, exitSignal));
    child.on('exit', (exitCode, exitSignal) => {
      setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        void finish(exitCode, exitSignal);
      }, PIPE_GRACE_MS).unref();
    });
  });
}

/** The last lines of a program's output, for error messages. */
export function outputTail(result: ProgramResult, lines = 5): string {
  const text = `${result.stderr}\n${result.stdout}`.trim();
  return text.split('\n').slice(-lines).join(' | ');
}
