import { DeadlineExceededError, FailedPreconditionError, InvalidArgumentError } from '../core/errors';
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

/**
 * Restarts a server with the user's restart command and waits until it answers again.
 * @throws FailedPreconditionError with the command's last output lines when it fails.
 * @throws DeadlineExceededError when the command or the wait outlasts `timeoutS`.
 */
export async function runRestartCommand(options: RestartCommandOptions): Promise<void> {
  const { command, target, timeoutS = 60 } = options;
  if (!command.trim()) throw new InvalidArgumentError('restartCommand', 'must be a shell command line, e.g. "systemctl restart postgresql"');
  if (!Number.isFinite(timeoutS) || timeoutS <= 0) throw new InvalidArgumentError('timeoutS', `must be a positive number of seconds, got ${timeoutS}`);
  const deadline = Date.now() + timeoutS * 1000;
  const result = await runProgram('/bin/sh', ['-c', command], { timeoutMs: timeoutS * 1000, ownProcessGroup: true });
  if (result.timedOut) {
    throw new DeadlineExceededError(`restart command did not finish within ${timeoutS} s and was killed: ${command}`);
  }
  if (result.exitCode !== 0) {
    throw new FailedPreconditionError(`restart command failed (exit ${result.exitCode ?? result.signal}): ${command}: ${outputTail(result)}`);
  }
  await waitForConnection(target, Math.max(1, (deadline - Date.now()) / 1000));
}
