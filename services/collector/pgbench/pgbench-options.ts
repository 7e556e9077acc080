import { availableParallelism } from 'node:os';
import { findPgbench } from '../../../lib/postgres/pg-binaries';

/** How runBenchmark runs pgbench. */
export interface PgbenchOptions {
  /** Stops the run: pgbench is killed and the call rejects with the signal's reason. */
  signal?: AbortSignal;
  /** @defaultValue findPgbench() */
  pgbenchPath?: string;
  /** Caps the default number of threads, min(clients, cpus). @defaultValue os.availableParallelism() */
  cpus?: number;
  /**
   * Seconds a pgbench may run beyond its planned time (connecting, vacuuming, finishing
   * in-flight transactions) before it is killed. Planned time: the duration of the run.
   * @defaultValue 60
   */
  timeoutMarginS?: number;
}

export type ResolvedPgbenchOptions = Required<Omit<PgbenchOptions, 'signal'>> & Pick<PgbenchOptions, 'signal'>;

/** Applies the defaults of PgbenchOptions, in this one place. */
export function resolvePgbenchOptions(options: PgbenchOptions = {}): ResolvedPgbenchOptions {
  return {
    signal: options.signal,
    pgbenchPath: options.pgbenchPath ?? findPgbench(),
    cpus: options.cpus ?? availableParallelism(),
    timeoutMarginS: options.timeoutMarginS ?? 60,
  };
}
