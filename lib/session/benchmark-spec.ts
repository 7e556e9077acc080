import path from 'node:path';
import { z } from 'zod';
import type { BenchmarkSpec } from '../../proto/generated/autotune/v1/BenchmarkSpec';
import { parseRequest } from './parse-request';
import { integerIn, integerOr, integerOrDefault, oneOf, oneOfOrDefault, text } from './schema-fields';
import {
  BENCHMARK_DEFAULTS,
  BENCHMARK_LIMITS,
  BUILTIN_SCRIPTS,
  CHECKPOINT_MODES,
  DATA_RESET_MODES,
  NOISE_CONTROL_DEFAULTS,
  PROTOCOLS,
  TPS_ESTIMATORS,
  type BuiltinScript,
  type CheckpointMode,
  type DataResetMode,
  type Protocol,
  type TpsEstimator,
} from './session-limits';

/** A script to run with its relative weight: a built-in one or a file (absolute path). */
export type ResolvedScript = { weight: number } & ({ builtin: BuiltinScript } | { file: string });

/** A benchmark spec validated, with every default applied, as the collector runs it. */
export interface ResolvedBenchmarkSpec {
  scripts: ResolvedScript[];
  clients: number;
  threads: number;
  durationS: number;
  warmupS: number;
  protocol: Protocol;
  progressIntervalS: number;
  checkpoint: CheckpointMode;
  dataReset: DataResetMode;
  dataResetEvery: number;
  tpsEstimator: TpsEstimator;
}

const builtinHint = ' (or set file)';

const WorkloadScriptSchema = z
  .object({
    builtin: oneOf(BUILTIN_SCRIPTS, builtinHint),
    file: text,
    weight: integerOrDefault(BENCHMARK_LIMITS.weight, BENCHMARK_DEFAULTS.weight),
  })
  .superRefine((script, ctx) => {
    if (script.builtin && script.file) ctx.addIssue({ code: 'custom', message: 'set either builtin or file, not both' });
    if (!script.builtin && !script.file) {
      ctx.addIssue({
        code: 'custom',
        path: ['builtin'],
        message: `must be one of ${BUILTIN_SCRIPTS.join(', ')}${builtinHint}, got neither builtin nor file`,
      });
    }
  });

/**
 * A benchmark spec (the proto message) checked against BENCHMARK_LIMITS and completed with the
 * defaults that do not depend on the host: `threads` 0 stays 0 and script files stay as written,
 * both resolved by `resolveBenchmarkSpec` on the collector's host. Idempotent.
 * Every layer checks a spec with this one schema: the Recommendation service (in the session
 * options), the Environment's Open and the Collector's RunBenchmark.
 */
export const BenchmarkSpecSchema = z
  .object({
    scripts: z
      .array(WorkloadScriptSchema)
      .max(BENCHMARK_LIMITS.scripts, {
        error: (issue) => `at most ${BENCHMARK_LIMITS.scripts} scripts, got ${(issue.input as unknown[]).length}`,
      })
      .optional()
      .transform((scripts) => (scripts && scripts.length > 0 ? scripts : [{ ...BENCHMARK_DEFAULTS.script, file: '' }])),
    clients: integerOrDefault(BENCHMARK_LIMITS.clients, BENCHMARK_DEFAULTS.clients),
    // 0: the collector picks min(clients, its CPUs); only it knows how many it has. Checked against clients below.
    threads: z.number({ error: (issue) => `must be an integer, got ${String(issue.input)}` }).optional().transform((v) => v ?? 0),
    // Required: absent reads as 0, which is out of range and says so.
    durationS: z.number().optional().transform((v) => v ?? 0).pipe(integerIn(BENCHMARK_LIMITS.durationS)),
    warmupS: integerOr(BENCHMARK_LIMITS.warmupS, 0),
    protocol: oneOfOrDefault(PROTOCOLS, BENCHMARK_DEFAULTS.protocol),
    progressIntervalS: integerOrDefault(BENCHMARK_LIMITS.progressIntervalS, BENCHMARK_DEFAULTS.progressIntervalS),
    checkpoint: oneOfOrDefault(CHECKPOINT_MODES, NOISE_CONTROL_DEFAULTS.checkpoint),
    dataReset: oneOfOrDefault(DATA_RESET_MODES, NOISE_CONTROL_DEFAULTS.dataReset),
    dataResetEvery: integerOrDefault(BENCHMARK_LIMITS.dataResetEvery, NOISE_CONTROL_DEFAULTS.dataResetEvery),
    tpsEstimator: oneOfOrDefault(TPS_ESTIMATORS, NOISE_CONTROL_DEFAULTS.tpsEstimator),
  })
  .superRefine((spec, ctx) => {
    if (spec.threads === 0) return;
    // pgbench spreads the clients over the threads; a thread without a client does nothing.
    const allowed = { min: 1, max: spec.clients };
    if (!Number.isInteger(spec.threads) || spec.threads < allowed.min || spec.threads > allowed.max) {
      ctx.addIssue({
        code: 'custom',
        path: ['threads'],
        message: `must be an integer in 1..${spec.clients} (at most benchmark.clients: each thread needs a client), got ${spec.threads}`,
      });
    }
  });

/** A benchmark spec with every host-independent default applied: what a session stores. */
export type CompleteBenchmarkSpec = z.output<typeof BenchmarkSpecSchema>;

/**
 * Checks a benchmark spec (fields named `benchmark.<field>`) and completes it.
 * @throws InvalidArgumentError naming the field and what is allowed.
 */
export function completeBenchmarkSpec(spec: BenchmarkSpec): CompleteBenchmarkSpec {
  return parseRequest(BenchmarkSpecSchema, spec, 'benchmark');
}

/**
 * The spec as the collector runs it: checked, completed, `threads` defaulting to
 * min(clients, cpus) and relative script files resolved against `cwd`.
 *
 * @throws InvalidArgumentError naming the field (`benchmark.clients`, ...) and what is allowed.
 */
export function resolveBenchmarkSpec(spec: BenchmarkSpec, context: { cpus: number; cwd?: string }): ResolvedBenchmarkSpec {
  const complete = completeBenchmarkSpec(spec);
  const cwd = context.cwd ?? process.cwd();
  const scripts = complete.scripts.map(({ builtin, file, weight }): ResolvedScript =>
    file ? { file: path.resolve(cwd, file), weight } : { builtin: builtin as BuiltinScript, weight },
  );
  const threads = complete.threads || Math.min(complete.clients, context.cpus);
  return { ...complete, scripts, threads };
}
