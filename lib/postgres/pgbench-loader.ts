import { DeadlineExceededError, FailedPreconditionError } from '../core/errors';
import type { PgTarget } from './pg-target';
import { findPgbench } from './pg-binaries';
import { outputTail, runProgram } from './run-program';

export interface PgbenchLoadOptions {
  /** The database to fill; its pgbench tables are dropped and created again. */
  target: PgTarget;
  /** pgbench scale factor: 100,000 accounts (about 15 MB) per unit. */
  scale: number;
  /** @defaultValue findPgbench() */
  pgbenchPath?: string;
  /**
   * @defaultValue 60 s plus 2 s per scale unit: measured about 0.15 s per unit here
   * (scale 100 in 15 s), so slow disks have room.
   */
  timeoutS?: number;
}

/**
 * Loads the standard pgbench tables (`pgbench -i -q -s N`), replacing any that exist. pgbench
 * runs as a client of `target`, as this process's user, with the password in its environment.
 * @throws FailedPreconditionError with pgbench's last lines (never the password) when it fails.
 * @throws DeadlineExceededError when it outlasts the timeout (it is killed).
 */
export async function loadPgbenchData(options: PgbenchLoadOptions): Promise<void> {
  const { target, scale, pgbenchPath = findPgbench(), timeoutS = 60 + 2 * scale } = options;
  const result = await runProgram(pgbenchPath, ['-i', '-q', '-s', String(scale)], {
    env: target.childEnv(),
    timeoutMs: timeoutS * 1000,
  });
  if (result.timedOut) throw new DeadlineExceededError(`pgbench -i -s ${scale} into ${target.describe()} did not finish within ${timeoutS} s`);
  if (result.exitCode !== 0) {
    throw new FailedPreconditionError(target.redact(`pgbench -i -s ${scale} into ${target.describe()} failed: ${outputTail(result)}`));
  }
}
