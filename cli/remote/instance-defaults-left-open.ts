import type { SessionOptions } from '../../proto/generated/autotune/v1/SessionOptions';
import type { TuneFlags } from '../tune/session-options-from-cli';

/** `sessions start` flags that describe the benchmark: any one of them given names the session's own. */
const BENCHMARK_FLAGS: ReadonlyArray<keyof TuneFlags> = ['workload', 'preset', 'clients', 'duration', 'warmup', 'preCheckpoint', 'dataReset', 'dataResetEvery', 'tpsEstimator'];

/**
 * The options `sessions start` sends: what was typed. The flags carry tune's defaults (commander
 * fills them in), which would hide the instance's registered workload, knobs and iteration cap,
 * so a benchmark, knobs or iterations nobody typed are left unset for CreateSession to fill
 * from the instance (lib/session/instance-session-options.ts).
 * @param typed whether the flag (TuneFlags' name) was given on the command line
 */
export function instanceDefaultsLeftOpen(options: SessionOptions, typed: (flag: keyof TuneFlags) => boolean): SessionOptions {
  return {
    ...options,
    benchmark: BENCHMARK_FLAGS.some(typed) ? options.benchmark : null,
    knobs: typed('knobs') ? options.knobs : [],
    iterations: typed('iterations') ? options.iterations : 0,
  };
}
