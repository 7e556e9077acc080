import type { BenchmarkSpec, BenchmarkSpec__Output } from '../../proto/generated/autotune/v1/BenchmarkSpec';
import type { SessionOptions, SessionOptions__Output } from '../../proto/generated/autotune/v1/SessionOptions';
import type { WorkloadScript__Output } from '../../proto/generated/autotune/v1/WorkloadScript';
import { BENCHMARK_DEFAULTS, resolveBenchmarkSpec } from './benchmark-spec';
import { InvalidArgumentError } from '../core/errors';
import { isKnobName } from '../../knobs/knob-name';

/**
 * The options of a tuning session, validated and with every default applied, in this one
 * place: the Recommendation service applies them when it creates a session (so the stored
 * row says exactly what runs), the `tune` command and the trainer call the same functions.
 *
 * Proto3 cannot tell an unset number from 0 or an unset string from "": 0 and "" mean "use
 * the default" wherever a default exists. Only an absent benchmark is told apart from a given
 * one (message fields arrive as null), so a given benchmark must carry its duration.
 */

export const SESSION_AGENTS = ['ddpg', 'ddpg++', 'random'] as const;
export type SessionAgent = (typeof SESSION_AGENTS)[number];

/** The benchmark of a session that names none: 30 s of TPC-B-like load after 5 s of warm-up, 4 clients. */
export const DEFAULT_SESSION_BENCHMARK: Readonly<BenchmarkSpec__Output> = Object.freeze({
  scripts: [{ builtin: 'tpcb-like', file: '', weight: 1 }],
  clients: BENCHMARK_DEFAULTS.clients,
  // 0: the collector picks min(clients, its CPUs); only it knows how many it has.
  threads: 0,
  durationS: 30,
  warmupS: 5,
  protocol: BENCHMARK_DEFAULTS.protocol,
  progressIntervalS: BENCHMARK_DEFAULTS.progressIntervalS,
});

export const SESSION_DEFAULTS = Object.freeze({
  /** Tuning steps after the baseline. */
  iterations: 20,
  agent: 'ddpg' as SessionAgent,
  /** Interleaved verification rounds per candidate. */
  verifyRepeats: 5,
  /** Steps between model checkpoints. */
  checkpointEvery: 5,
  /** Steps between baseline re-measurements; 0: never. */
  baselineEvery: 0,
  /** A fixed seed: two sessions with the same options explore the same way. */
  seed: 0,
  /** CDBTune's weighting; applied when both weights are 0 (unset). */
  rewardTpsWeight: 0.6,
  rewardLatencyWeight: 0.4,
});

/** Allowed ranges (inclusive). 0 in a field with a default means the default, so the minimum applies to set values. */
export const SESSION_LIMITS = Object.freeze({
  iterations: { min: 1, max: 1000 },
  verifyRepeats: { min: 1, max: 20 },
  checkpointEvery: { min: 1, max: 1000 },
  baselineEvery: { min: 0, max: 1000 },
  seed: { min: 0, max: 0xffff_ffff },
  knobs: 64,
});

/** Every field of SessionOptions present; `benchmark` never null. What a session row stores. */
export type SessionOptionsWithDefaults = Omit<SessionOptions__Output, 'benchmark' | 'agent'> & {
  agent: SessionAgent;
  benchmark: BenchmarkSpec__Output;
};

/** The trainer's view: the same options with the reward weights as one pair. */
export interface ResolvedSessionOptions extends SessionOptionsWithDefaults {
  rewardWeights: { tps: number; latency: number };
}

/**
 * Validates `options` and returns them with every default applied. Pure; idempotent (applying
 * it to its own result returns an equal object), so stored options can be resolved again.
 * Knob names are checked for form only: which knobs exist is the collector's catalog's call.
 *
 * @throws InvalidArgumentError naming the field (`iterations`, `benchmark.duration_s`,
 *   `knobs[2]`, ...) and what is allowed.
 */
export function applySessionDefaults(options: SessionOptions | null | undefined): SessionOptionsWithDefaults {
  const o = options ?? {};
  const [rewardTpsWeight, rewardLatencyWeight] = rewardWeights(o);
  return {
    iterations: withDefault('iterations', o.iterations, SESSION_DEFAULTS.iterations, SESSION_LIMITS.iterations),
    benchmark: benchmark(o.benchmark),
    knobs: knobs(o.knobs),
    agent: agent(o.agent),
    verifyRepeats: withDefault('verify_repeats', o.verifyRepeats, SESSION_DEFAULTS.verifyRepeats, SESSION_LIMITS.verifyRepeats),
    applyBest: o.applyBest === true,
    seed: integerIn('seed', o.seed ?? SESSION_DEFAULTS.seed, SESSION_LIMITS.seed),
    checkpointEvery: withDefault('checkpoint_every', o.checkpointEvery, SESSION_DEFAULTS.checkpointEvery, SESSION_LIMITS.checkpointEvery),
    baselineEvery: integerIn('baseline_every', o.baselineEvery ?? SESSION_DEFAULTS.baselineEvery, SESSION_LIMITS.baselineEvery),
    rewardTpsWeight,
    rewardLatencyWeight,
    allowDurabilityRisk: o.allowDurabilityRisk === true,
    allowRestart: o.allowRestart === true,
  };
}

/** @throws InvalidArgumentError naming the first field that is not allowed. */
export function validateSessionOptions(options: SessionOptions | null | undefined): void {
  applySessionDefaults(options);
}

/** applySessionDefaults, shaped for the trainer. @throws InvalidArgumentError */
export function resolveSessionOptions(options: SessionOptions | null | undefined): ResolvedSessionOptions {
  const complete = applySessionDefaults(options);
  return { ...complete, rewardWeights: { tps: complete.rewardTpsWeight, latency: complete.rewardLatencyWeight } };
}

function withDefault(field: string, value: number | undefined, fallback: number, range: { min: number; max: number }): number {
  const given = value ?? 0;
  // 0 is "unset"; a negative or fractional number is a mistake, not a request for the default.
  return given === 0 ? fallback : integerIn(field, given, range, ` (0 or unset: ${fallback})`);
}

function integerIn(field: string, value: number, range: { min: number; max: number }, hint = ''): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < range.min || value > range.max) {
    throw new InvalidArgumentError(field, `must be an integer in ${range.min}..${range.max}${hint}, got ${String(value)}`);
  }
  return value;
}

function agent(value: string | undefined): SessionAgent {
  const given = value || SESSION_DEFAULTS.agent;
  if (!(SESSION_AGENTS as readonly string[]).includes(given)) {
    throw new InvalidArgumentError('agent', `must be one of ${SESSION_AGENTS.join(', ')}, got "${given}"`);
  }
  return given as SessionAgent;
}

function rewardWeights(o: SessionOptions): [number, number] {
  const tps = weight('reward_tps_weight', o.rewardTpsWeight);
  const latency = weight('reward_latency_weight', o.rewardLatencyWeight);
  // Both 0 is what an unset pair looks like over gRPC: it means the default weighting, not "reward nothing".
  if (tps === 0 && latency === 0) return [SESSION_DEFAULTS.rewardTpsWeight, SESSION_DEFAULTS.rewardLatencyWeight];
  return [tps, latency];
}

function weight(field: string, value: number | string | undefined): number {
  const n = value === undefined || value === '' ? 0 : Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError(field, `must be a finite number >= 0, got ${String(value)}`);
  return n;
}

function knobs(names: string[] | undefined): string[] {
  const list = names ?? [];
  if (list.length > SESSION_LIMITS.knobs) {
    throw new InvalidArgumentError('knobs', `at most ${SESSION_LIMITS.knobs} names, got ${list.length}`);
  }
  const seen = new Set<string>();
  list.forEach((name, i) => {
    const field = `knobs[${i}]`;
    if (typeof name !== 'string' || name.trim() === '') throw new InvalidArgumentError(field, 'must be a knob or knob set name, got an empty string');
    if (!isKnobName(name)) {
      throw new InvalidArgumentError(field, `"${name}" is not a knob name: use lower-case letters, digits and _ as pg_settings does (e.g. work_mem)`);
    }
    if (seen.has(name)) throw new InvalidArgumentError(field, `"${name}" is listed twice`);
    seen.add(name);
  });
  // Empty: the collector's default set. Kept as given: the order and set names are the catalog's to resolve.
  return [...list];
}

/**
 * An absent benchmark is the default one; a given one is checked by the collector's own
 * validator (so limits live in one place) and completed with its defaults. `threads` 0 stays
 * 0 and script files stay as written: both are resolved on the collector's host.
 */
function benchmark(spec: BenchmarkSpec | null | undefined): BenchmarkSpec__Output {
  if (spec === null || spec === undefined) return cloneBenchmark(DEFAULT_SESSION_BENCHMARK);
  resolveBenchmarkSpec(spec, { cpus: 1, cwd: '/' });
  const scripts: WorkloadScript__Output[] =
    (spec.scripts ?? []).length === 0
      ? cloneBenchmark(DEFAULT_SESSION_BENCHMARK).scripts
      : spec.scripts!.map((s) => ({ builtin: s.builtin ?? '', file: s.file ?? '', weight: s.weight || BENCHMARK_DEFAULTS.weight }));
  return {
    scripts,
    clients: spec.clients || BENCHMARK_DEFAULTS.clients,
    threads: spec.threads ?? 0,
    durationS: spec.durationS!,
    warmupS: spec.warmupS ?? BENCHMARK_DEFAULTS.warmupS,
    protocol: spec.protocol || BENCHMARK_DEFAULTS.protocol,
    progressIntervalS: spec.progressIntervalS || BENCHMARK_DEFAULTS.progressIntervalS,
  };
}

function cloneBenchmark(spec: Readonly<BenchmarkSpec__Output>): BenchmarkSpec__Output {
  return { ...spec, scripts: spec.scripts.map((s) => ({ ...s })) };
}
