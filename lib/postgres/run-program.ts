import { spawn } from 'node:child_process';
import { FailedPreconditionError } from '../core/errors';

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
  /** @defaultValue process.env */
  env?: NodeJS.ProcessEnv;
  /**
   * Working folder. The default is one every user may enter: runuser keeps the caller's
   * folder, and PostgreSQL's programs complain when they cannot enter it (/root is mode 700).
   * @defaultValue '/'
   */
  cwd?: string;
  /**
   * Start the program in a process group of its own and signal the whole group on timeout, so
   * that what a shell started dies with it. Off by default: a group of its own also escapes
   * the terminal's Ctrl-C.
   * @defaultValue false
   */
  ownProcessGroup?: boolean;
}

export interface ProgramResult {
  /** Null when the program ended by a signal. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

// Enough for every message these programs print; bounds memory if one of them is chatty.
const MAX_OUTPUT_CHARS = 64 * 1024;
// After SIGTERM, a program (and runuser, which forwards it) gets this long before SIGKILL.
const KILL_GRACE_MS = 2_000;
// How long output may still arrive after the program exited.
const PIPE_GRACE_MS = 500;

/**
 * Runs a program with an argument array (never through a shell) and resolves with its exit
 * status and output, whatever the status: callers decide what a failure means.
 *
 * @throws FailedPreconditionError when the program cannot be started at all (not installed).
 */
export function runProgram(file: string, args: readonly string[], options: RunProgramOptions = {}): Promise<ProgramResult> {
  const { asUser, timeoutMs = 60_000, env = process.env, cwd = '/', ownProcessGroup = false } = options;
  const [command, commandArgs] = asUser ? ['runuser', ['-u', asUser, '--', file, ...args]] : [file, [...args]];
  return new Promise((resolve, reject) => {
    const child = spawn(command, commandArgs, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: ownProcessGroup });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout = keepTail(stdout + chunk)));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = keepTail(stderr + chunk)));
    const sendSignal = (name: NodeJS.Signals) => {
      try {
        if (ownProcessGroup && child.pid !== undefined) process.kill(-child.pid, name);
        else child.kill(name);
      } catch {
        // Already gone.
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      sendSignal('SIGTERM');
      setTimeout(() => sendSignal('SIGKILL'), KILL_GRACE_MS).unref();
    }, timeoutMs);
    let settled = false;
    const finish = (exitCode: number | null, signal: NodeJS.Signals | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ exitCode, signal, stdout, stderr, timedOut });
    };
    child.on('error', (err) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(new FailedPreconditionError(`cannot run ${command}: ${err.message}`, { cause: err }));
    });
    // 'close' waits for the output pipes, which a daemon the program left behind may hold
    // (a restart command running pg_ctl without -l): after the exit, wait a moment, not forever.
    child.on('close', finish);
    child.on('exit', (exitCode, signal) => {
      setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        finish(exitCode, signal);
      }, PIPE_GRACE_MS).unref();
    });
  });
}

/** The last lines of a program's output, for error messages. */
export function outputTail(result: ProgramResult, lines = 5): string {
  const text = `${result.stderr}\n${result.stdout}`.trim();
  return text.split('\n').slice(-lines).join(' | ');
}

function keepTail(text: string): string {
  return text.length > MAX_OUTPUT_CHARS ? text.slice(-MAX_OUTPUT_CHARS) : text;
}
