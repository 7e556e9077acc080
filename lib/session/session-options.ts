import { z } from 'zod';
import { isKnobName } from '../../knobs/knob-name';
import type { SessionOptions } from '../../proto/generated/autotune/v1/SessionOptions';
import { BenchmarkSpecSchema, type CompleteBenchmarkSpec } from './benchmark-spec';
import { parseRequest } from './parse-request';
import { RewardWeightSchema, rewardWeightsOrDefault, type RewardWeights } from './reward-weights';
import { flag, integerOr, integerOrDefault, numberOrDefault, oneOfOrDefault } from './schema-fields';
import { SESSION_AGENTS, SESSION_BENCHMARK_DEFAULTS, SESSION_DEFAULTS, SESSION_LIMITS, type SessionAgent } from './session-limits';

/**
 * The options of a tuning session, validated and with every default applied, by this one
 * schema: the Recommendation service applies it when it creates a session (so the stored row
 * says exactly what runs), the `tune` command checks its flags with it before starting
 * anything, and the trainer resolves the stored options with it again.
 *
 * Proto3 cannot tell an unset number from 0 or an unset string from "": 0 and "" mean "use
 * the default" wherever a default exists. Only an absent benchmark is told apart from a given
 * one (message fields arrive as null), so a given benchmark must carry its duration.
 */

/** The benchmark of a session that names none: SESSION_BENCHMARK_DEFAULTS on top of the spec's own defaults. */
export const DEFAULT_SESSION_BENCHMARK: Readonly<CompleteBenchmarkSpec> = Object.freeze(
  BenchmarkSpecSchema.parse({ durationS: SESSION_BENCHMARK_DEFAULTS.durationS, warmupS: SESSION_BENCHMARK_DEFAULTS.warmupS }),
);

/** Knob names are checked for form only: which knobs exist is the collector's catalog's call. */
const KnobNameSchema = z
  .string()
  .refine((name) => name.trim() !== '', { error: 'must be a knob or knob set name, got an empty string', abort: true })
  .refine((name) => isKnobName(name), {
    error: (issue) => `${JSON.stringify(issue.input)} is not a knob name: use lower-case letters, digits and _ as pg_settings does (e.g. work_mem)`,
  });

/** Empty: the collector's default set. Kept as given: the order and set names are the catalog's to resolve. */
const KnobListSchema = z
  .array(KnobNameSchema)
  .max(SESSION_LIMITS.knobs, { error: (issue) => `at most ${SESSION_LIMITS.knobs} names, got ${(issue.input as unknown[]).length}` })
  .optional()
  .transform((names) => [...(names ?? [])])
  .superRefine((names, ctx) => {
    names.forEach((name, i) => {
      if (names.indexOf(name) !== i) ctx.addIssue({ code: 'custom', path: [i], message: `"${name}" is listed twice` });
    });
  });

export const SessionOptionsSchema = z
  .object({
    iterations: integerOrDefault(SESSION_LIMITS.iterations, SESSION_DEFAULTS.iterations),
    benchmark: BenchmarkSpecSchema.nullish().transform((spec) => spec ?? cloneBenchmark(DEFAULT_SESSION_BENCHMARK)),
    knobs: KnobListSchema,
    agent: oneOfOrDefault(SESSION_AGENTS, SESSION_DEFAULTS.agent),
    verifyRepeats: integerOrDefault(SESSION_LIMITS.verifyRepeats, SESSION_DEFAULTS.verifyRepeats),
    applyBest: flag,
    seed: integerOr(SESSION_LIMITS.seed, SESSION_DEFAULTS.seed),
    checkpointEvery: integerOrDefault(SESSION_LIMITS.checkpointEvery, SESSION_DEFAULTS.checkpointEvery),
    baselineEvery: integerOr(SESSION_LIMITS.baselineEvery, SESSION_DEFAULTS.baselineEvery),
    rewardTpsWeight: RewardWeightSchema,
    rewardLatencyWeight: RewardWeightSchema,
    allowDurabilityRisk: flag,
    allowRestart: flag,
    minGain: numberOrDefault(SESSION_LIMITS.minGain, SESSION_DEFAULTS.minGain),
    verifyBudgetS: integerOr(SESSION_LIMITS.verifyBudgetS, SESSION_DEFAULTS.verifyBudgetS),
  })
  .transform((options) => {
    const weights = rewardWeightsOrDefault({ tps: options.rewardTpsWeight, latency: options.rewardLatencyWeight });
    return { ...options, rewardTpsWeight: weights.tps, rewardLatencyWeight: weights.latency };
  });

/** Every field of SessionOptions present; `benchmark` never null. What a session row stores. */
export type SessionOptionsWithDefaults = z.output<typeof SessionOptionsSchema> & { agent: SessionAgent };

/** The trainer's view: the same options with the reward weights as one pair. */
export interface ResolvedSessionOptions extends SessionOptionsWithDefaults {
  rewardWeights: RewardWeights;
}

/**
 * Validates `options` and returns them with every default applied. Pure; idempotent (applying
 * it to its own result returns an equal object), so stored options can be resolved again.
 *
 * @throws InvalidArgumentError naming the field (`iterations`, `benchmark.duration_s`,
 *   `knobs[2]`, ...) and what is allowed.
 */
export function applySessionDefaults(options: SessionOptions | null | undefined): SessionOptionsWithDefaults {
  return parseRequest(SessionOptionsSchema, options ?? {});
}

/** applySessionDefaults, shaped for the trainer. @throws InvalidArgumentError */
export function resolveSessionOptions(options: SessionOptions | null | undefined): ResolvedSessionOptions {
  const complete = applySessionDefaults(options);
  return { ...complete, rewardWeights: { tps: complete.rewardTpsWeight, latency: complete.rewardLatencyWeight } };
}

function cloneBenchmark(spec: Readonly<CompleteBenchmarkSpec>): CompleteBenchmarkSpec {
  return { ...spec, scripts: spec.scripts.map((s) => ({ ...s })) };
}
