import type { PrepareWorkloadResponse__Output } from '../../../proto/generated/autotune/v1/PrepareWorkloadResponse';
import { InvalidArgumentError } from '../../../lib/core/errors';
import type { PgTarget } from '../../../lib/postgres/pg-target';
import { pgbenchInitArgs } from './pgbench-args';
import { resolvePgbenchOptions, type PgbenchOptions } from './pgbench-options';
import { runPgbench } from './run-pgbench';

/** Scale when the request leaves it 0 (proto3 cannot tell unset from 0): about 150 MB. */
export const DEFAULT_SCALE = 10;
/** 10,000 is about 150 GB of pgbench_accounts. */
export const MAX_SCALE = 10_000;
// Planned seconds per scale unit for the timeout: ~0.15 s here, slow disks need far more.
const SECONDS_PER_SCALE = 2;

/**
 * Creates and fills the pgbench tables in the target database (`pgbench -i` at `scale`,
 * replacing any that exist) and returns the wall-clock seconds it took.
 *
 * @throws InvalidArgumentError for a scale outside 1..MAX_SCALE (0 means DEFAULT_SCALE);
 * FailedPreconditionError when pgbench is missing or fails, with pgbench's message;
 * DeadlineExceededError when it outlives its time; the signal's reason when aborted.
 */
export async function prepareWorkload(
  target: PgTarget,
  scale: number,
  options: PgbenchOptions = {},
): Promise<PrepareWorkloadResponse__Output> {
  const resolvedScale = scale || DEFAULT_SCALE;
  if (!Number.isInteger(resolvedScale) || resolvedScale < 1 || resolvedScale > MAX_SCALE) {
    throw new InvalidArgumentError('workload.scale', `must be an integer in 1..${MAX_SCALE}, got ${scale}`);
  }
  const { signal, pgbenchPath, timeoutMarginS } = resolvePgbenchOptions(options);
  const output = await runPgbench({
    pgbenchPath,
    args: pgbenchInitArgs(resolvedScale),
    target,
    timeoutMs: (resolvedScale * SECONDS_PER_SCALE + timeoutMarginS) * 1000,
    signal,
    what: 'pgbench -i',
  });
  return { seconds: output.seconds, scale: resolvedScale };
}
