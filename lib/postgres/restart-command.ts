import { DeadlineExceededError, FailedPreconditionError, InvalidArgumentError } from '../core/errors';
import { redactSecrets } from '../core/redact-secrets';
import type { PgTarget } from './pg-target';
import { outputTail, runProgram } from './run-program';
import { waitForConnection } from './wait-for-connection';

export interface RestartCommandOptions {
  /**
   * The user's command that restarts the server, e.g. `systemctl restart postgresql@15-main`
   * or `pg_ctlcluster 15 main restart`, for servers that PgCtl should not drive directly. It
   * runs through /bin/sh -c because it is a command line the user wrote, not our arguments.
   */
  command: string;
  /** The restarted server, awaited until it answers a query. */
  target: PgTarget;
  /** For the command and the wait together. @defaultValue 60 */
  timeoutS?: number;
}

// What of the command's output is kept: enough for its last words, not a dump.
const MAX_OUTPUT_CHARS = 4096;

/**
 * Restarts a server with the user's restart command and waits until it answers again. The
 * command runs detached (it outlives a collector killed meanwhile) and is killed with its
 * whole process group when it outlasts `timeoutS`. Errors never quote the command line (it
 * may hold a password, and the operator wrote it) and quote its output only redacted.
 * @throws FailedPreconditionError with the command's last output lines when it fails.
 * @throws DeadlineExceededError when the command or the wait outlasts `timeoutS`.
 */
export async function runRestartCommand(options: RestartCommandOptions): Promise<void> {
  const { command, target, timeoutS = 60 } = options;
  if (!command.trim()) throw new InvalidArgumentError('restartCommand', 'must be a shell command line, e.g. "systemctl restart postgresql"');
  if (!Number.isFinite(timeoutS) || timeoutS <= 0) throw new InvalidArgumentError('timeoutS', `must be a positive number of seconds, got ${timeoutS}`);
  const deadline = Date.now() + timeoutS * 1000;
  const result = await runProgram('/bin/sh', ['-c', command], { timeoutMs: timeoutS * 1000, detached: true, maxOutputChars: MAX_OUTPUT_CHARS });
  if (result.timedOut) {
    throw new DeadlineExceededError(`the restart command (--restart-command) did not finish within ${timeoutS} s and was killed`);
  }
  if (result.exitCode !== 0) {
    const output = redactSecrets(outputTail(result));
    throw new FailedPreconditionError(
      `the restart command (--restart-command) failed (exit ${result.exitCode ?? result.signal})${output ? `: ${output}` : ''}`,
    );
  }
  await waitForConnection(target, Math.max(1, (deadline - Date.now()) / 1000));
}
