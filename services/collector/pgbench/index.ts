/** pgbench in the collector: prepare the pgbench tables, run benchmarks, read pgbench's output. */
export { runBenchmark, runBenchmarkWithOutput, type BenchmarkRun } from './run-benchmark';
export { prepareWorkload, DEFAULT_SCALE, MAX_SCALE } from './prepare-workload';
export { findPgbench, type PgbenchSearch } from './find-pgbench';
export type { PgbenchOptions } from './pgbench-options';
export { BENCHMARK_DEFAULTS, BENCHMARK_LIMITS, BUILTIN_SCRIPTS, PROTOCOLS } from '../../../lib/session/session-limits';
