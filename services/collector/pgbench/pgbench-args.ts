import type { ResolvedBenchmarkSpec } from '../../../lib/session/benchmark-spec';

/** What differs between the unmeasured warm-up run and the measured run. */
export interface PgbenchRunShape {
  durationS: number;
  /** `-P` interval; omitted for the warm-up, whose numbers nobody reads. */
  progressIntervalS?: number;
  /** Per-transaction log files are written as `${logPrefix}.PID[.THREAD]`. */
  logPrefix?: string;
}

/**
 * The argument list of a benchmark run. Connection settings are deliberately absent: they
 * travel in the child's environment (PgTarget.childEnv), so neither the password nor any
 * other part of the DSN is ever on a command line. The list goes to spawn without a shell,
 * so no value is ever interpreted by one.
 */
export function pgbenchBenchmarkArgs(spec: ResolvedBenchmarkSpec, run: PgbenchRunShape): string[] {
  const args = [
    '--client', String(spec.clients),
    '--jobs', String(spec.threads),
    '--time', String(run.durationS),
    '--protocol', spec.protocol,
  ];
  for (const script of spec.scripts) {
    // pgbench splits "name@weight" at the last "@", so a file path containing "@" is safe.
    if ('builtin' in script) args.push('--builtin', `${script.builtin}@${script.weight}`);
    else args.push('--file', `${script.file}@${script.weight}`);
  }
  if (run.progressIntervalS !== undefined) args.push('--progress', String(run.progressIntervalS));
  if (run.logPrefix !== undefined) args.push('--log', '--log-prefix', run.logPrefix);
  return args;
}
