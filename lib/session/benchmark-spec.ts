import path from 'node:path';
import type { BenchmarkSpec } from '../../proto/generated/autotune/v1/BenchmarkSpec';
import { InvalidArgumentError } from '../core/errors';

export const BUILTIN_SCRIPTS = ['tpcb-like', 'simple-update', 'select-only'] as const;
export type BuiltinScript = (typeof BUILTIN_SCRIPTS)[number];

export const PROTOCOLS = ['simple', 'extended', 'prepared'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

/** A script to run with its relative weight: a built-in one or a file (absolute path). */
export type ResolvedScript = { weight: number } & ({ builtin: BuiltinScript } | { file: string });

/** A benchmark spec validated, with every default applied. */
export interface ResolvedBenchmarkSpec {
  scripts: ResolvedScript[];
  clients: number;
  threads: number;
  durationS: number;
  warmupS: number;
  protocol: Protocol;
  progressIntervalS: number;
}

/**
 * Defaults of the spec fields. Proto3 cannot tell an unset field from 0 or "", so 0 and ""
 * mean "use the default" (duration_s has none: it is required).
 */
export const BENCHMARK_DEFAULTS = {
  script: { builtin: 'tpcb-like', weight: 1 } as ResolvedScript,
  clients: 4,
  weight: 1,
  warmupS: 0,
  protocol: 'prepared' as Protocol,
  progressIntervalS: 1,
} as const;

/** Allowed ranges; pgbench takes at most 128 scripts. */
export const BENCHMARK_LIMITS = {
  scripts: 128,
  weight: 1_000_000,
  clients: 1000,
  durationS: 86_400,
  warmupS: 3600,
  progressIntervalS: 3600,
} as const;

const FIELD = 'benchmark';

/**
 * Validates a benchmark spec and applies the defaults, in this one place. `cpus` is the
 * default cap of threads: min(clients, cpus). Relative script files resolve against `cwd`.
 *
 * @throws InvalidArgumentError naming the field (`benchmark.clients`, ...) and what is allowed.
 */
export function resolveBenchmarkSpec(
  spec: BenchmarkSpec,
  context: { cpus: number; cwd?: string },
): ResolvedBenchmarkSpec {
  const given = spec.scripts ?? [];
  if (given.length > BENCHMARK_LIMITS.scripts) {
    throw new InvalidArgumentError(`${FIELD}.scripts`, `at most ${BENCHMARK_LIMITS.scripts} scripts, got ${given.length}`);
  }
  const scripts = given.length === 0
    ? [{ ...BENCHMARK_DEFAULTS.script }]
    : given.map((script, i) => resolveScript(script, `${FIELD}.scripts[${i}]`, context.cwd ?? process.cwd()));
  const clients = integerIn(`${FIELD}.clients`, spec.clients || BENCHMARK_DEFAULTS.clients, 1, BENCHMARK_LIMITS.clients);
  const threads = integerIn(
    `${FIELD}.threads`,
    spec.threads || Math.min(clients, context.cpus),
    1,
    clients,
    // pgbench spreads the clients over the threads; a thread without a client does nothing.
    ` (at most ${FIELD}.clients: each thread needs a client)`,
  );
  const durationS = integerIn(`${FIELD}.duration_s`, spec.durationS ?? 0, 1, BENCHMARK_LIMITS.durationS);
  const warmupS = integerIn(`${FIELD}.warmup_s`, spec.warmupS ?? BENCHMARK_DEFAULTS.warmupS, 0, BENCHMARK_LIMITS.warmupS);
  const progressIntervalS = integerIn(
    `${FIELD}.progress_interval_s`,
    spec.progressIntervalS || BENCHMARK_DEFAULTS.progressIntervalS,
    1,
    BENCHMARK_LIMITS.progressIntervalS,
  );
  return { scripts, clients, threads, durationS, warmupS, protocol: resolveProtocol(spec.protocol), progressIntervalS };
}

function resolveScript(
  script: NonNullable<BenchmarkSpec['scripts']>[number],
  field: string,
  cwd: string,
): ResolvedScript {
  const weight = integerIn(`${field}.weight`, script.weight || BENCHMARK_DEFAULTS.weight, 1, BENCHMARK_LIMITS.weight);
  const builtin = script.builtin ?? '';
  const file = script.file ?? '';
  if (builtin && file) throw new InvalidArgumentError(field, 'set either builtin or file, not both');
  if (file) return { file: path.resolve(cwd, file), weight };
  if (!isOneOf(builtin, BUILTIN_SCRIPTS)) {
    const got = builtin ? `got "${builtin}"` : 'got neither builtin nor file';
    throw new InvalidArgumentError(`${field}.builtin`, `must be one of ${BUILTIN_SCRIPTS.join(', ')} (or set file), ${got}`);
  }
  return { builtin, weight };
}

function resolveProtocol(protocol: string | undefined): Protocol {
  const value = protocol || BENCHMARK_DEFAULTS.protocol;
  if (!isOneOf(value, PROTOCOLS)) {
    throw new InvalidArgumentError(`${FIELD}.protocol`, `must be one of ${PROTOCOLS.join(', ')}, got "${value}"`);
  }
  return value;
}

function integerIn(field: string, value: number, min: number, max: number, why = ''): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidArgumentError(field, `must be an integer in ${min}..${max}${why}, got ${value}`);
  }
  return value;
}

function isOneOf<T extends string>(value: string, allowed: readonly T[]): value is T {
  return (allowed as readonly string[]).includes(value);
}
