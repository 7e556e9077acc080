import { z } from 'zod';
import { isKnobName } from '../../knobs/knob-name';
import { allowsRestart } from '../../knobs/knob-sets';
import type { SessionOptions } from '../../proto/generated/autotune/v1/SessionOptions';
import { BenchmarkSpecSchema, type CompleteBenchmarkSpec } from './benchmark-spec';
import { parseRequest } from './parse-request';
import { RewardWeightSchema, rewardWeightsOrDefault, type RewardWeights } from './reward-weights';
import { flag, integerOr, integerOrDefault, numberOrDefault, oneOfOrDefault } from './schema-fields';
import { RULES_STORAGES, RULES_WORKLOADS } from '../../knobs/pgtune-rules';
import { InvalidArgumentError } from '../core/errors';
import {
  CONTINUOUS_DEFAULTS,
  CONTINUOUS_LIMITS,
  RULES_AGENT_ITERATIONS,
  SESSION_AGENTS,
  SESSION_BENCHMARK_DEFAULTS,
  SESSION_DEFAULTS,
  SESSION_LIMITS,
  VERIFICATION_RULES,
  WARM_STARTS,
  type SessionAgent,
} from './session-limits';

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

/** Empty: the collector's default set. Kept as given: the order and set names are the catalog's to resolve. Also an instance's knobs (instance-settings.ts). */
export const KnobListSchema = z
  .array(KnobNameSchema)
  .max(SESSION_LIMITS.knobs, { error: (issue) => `at most ${SESSION_LIMITS.knobs} names, got ${(issue.input as unknown[]).length}` })
  .optional()
  .transform((names) => [...(names ?? [])])
  .superRefine((names, ctx) => {
    names.forEach((name, i) => {
      if (names.indexOf(name) !== i) ctx.addIssue({ code: 'custom', path: [i], message: `"${name}" is listed twice` });
    });
  });

/**
 * The start configuration: checked for form here (names, no name twice, short values without
 * control characters); the catalog and the collector check names, opt-ins and ranges
 * (knobs/start-config.ts, the environment's Open, the collector's ApplyKnobs).
 */
const StartKnobListSchema = z
  .array(
    z.object({
      name: KnobNameSchema,
      value: z
        .string()
        .optional()
        .transform((v) => (v ?? '').trim())
        .refine((v) => v !== '' && v.length <= SESSION_LIMITS.startValueLength && !/[\u0000-\u001f\u007f]/.test(v), {
          error: `must be a knob value of 1..${SESSION_LIMITS.startValueLength} printable characters`,
        }),
    }),
  )
  .max(SESSION_LIMITS.startKnobs, { error: (issue) => `at most ${SESSION_LIMITS.startKnobs} settings, got ${(issue.input as unknown[]).length}` })
  .optional()
  .transform((knobs) => (knobs ?? []).map(({ name, value }) => ({ name, value })))
  .superRefine((knobs, ctx) => {
    knobs.forEach(({ name }, i) => {
      if (knobs.findIndex((k) => k.name === name) !== i) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `"${name}" is set twice` });
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
    requireApproval: flag,
    seed: integerOr(SESSION_LIMITS.seed, SESSION_DEFAULTS.seed),
    checkpointEvery: integerOrDefault(SESSION_LIMITS.checkpointEvery, SESSION_DEFAULTS.checkpointEvery),
    baselineEvery: integerOr(SESSION_LIMITS.baselineEvery, SESSION_DEFAULTS.baselineEvery),
    rewardTpsWeight: RewardWeightSchema,
    rewardLatencyWeight: RewardWeightSchema,
    allowDurabilityRisk: flag,
    allowRestart: flag,
    minGain: numberOrDefault(SESSION_LIMITS.minGain, SESSION_DEFAULTS.minGain),
    verifyBudgetS: integerOr(SESSION_LIMITS.verifyBudgetS, SESSION_DEFAULTS.verifyBudgetS),
    // Proto3 `optional`: absent is the default, 0 is "off".
    ablationRounds: integerOr(SESSION_LIMITS.ablationRounds, SESSION_DEFAULTS.ablationRounds).refine(
      (v) => v === 0 || v >= VERIFICATION_RULES.minRounds,
      { error: (issue) => `must be 0 (no ablation) or ${VERIFICATION_RULES.minRounds}..${SESSION_LIMITS.ablationRounds.max}: fewer rounds can never call a knob's worth, got ${String(issue.input)}` },
    ),
    // Proto3 `optional`: absent is the default, 0 is "never".
    remeasureTop: integerOr(SESSION_LIMITS.remeasureTop, SESSION_DEFAULTS.remeasureTop),
    warmStart: oneOfOrDefault(WARM_STARTS, SESSION_DEFAULTS.warmStart),
    rulesWorkload: oneOfOrDefault(RULES_WORKLOADS, SESSION_DEFAULTS.rulesWorkload),
    rulesStorage: oneOfOrDefault(RULES_STORAGES, SESSION_DEFAULTS.rulesStorage),
    startKnobs: StartKnobListSchema,
    continuous: flag,
    watchIntervalS: integerOrDefault(CONTINUOUS_LIMITS.watchIntervalS, CONTINUOUS_DEFAULTS.watchIntervalS),
    watchRuns: integerOrDefault(CONTINUOUS_LIMITS.watchRuns, CONTINUOUS_DEFAULTS.watchRuns),
    driftThreshold: numberOrDefault(CONTINUOUS_LIMITS.driftThreshold, CONTINUOUS_DEFAULTS.driftThreshold),
    maxRounds: integerOr(CONTINUOUS_LIMITS.maxRounds, CONTINUOUS_DEFAULTS.maxRounds),
    mixThreshold: numberOrDefault(CONTINUOUS_LIMITS.mixThreshold, CONTINUOUS_DEFAULTS.mixThreshold),
  })
  // The drift test compares a watch with the verification's runs: fewer than it needs would never call drift.
  .refine((options) => !(options.continuous && options.verifyRepeats < VERIFICATION_RULES.minRounds), {
    path: ['verifyRepeats'],
    error: `must be at least ${VERIFICATION_RULES.minRounds} in a continuous session: the drift test compares a watch with the verification's runs, and fewer are never significant`,
  })
  // A watch re-measures the configuration in force; a start configuration is never left in force.
  .refine((options) => !(options.continuous && options.startKnobs.length > 0), {
    path: ['continuous'],
    error: 'cannot watch a session with start_knobs: its rounds measure the start configuration, which is not the one left in force; start it without start_knobs',
  })
  // The recommendation was measured on top of the start configuration, not on the server's
  // own: keeping it would leave the start settings too, a configuration nobody chose to keep.
  .refine((options) => !(options.applyBest && options.startKnobs.length > 0), {
    path: ['applyBest'],
    error: 'cannot keep the recommendation of a session with start_knobs (it builds on the start configuration); apply it by hand from the report',
  })
  // Two answers to one question (who applies the recommendation): the trainer at once, or a person later.
  .refine((options) => !(options.requireApproval && options.applyBest), {
    path: ['requireApproval'],
    error: 'cannot both wait for approval and apply the recommendation unattended: choose require_approval or apply_best',
  })
  .refine((options) => !(options.requireApproval && options.startKnobs.length > 0), {
    path: ['requireApproval'],
    error: 'cannot approve the recommendation of a session with start_knobs later (it builds on the start configuration); apply it by hand from the report',
  })
  .transform((options) => {
    const weights = rewardWeightsOrDefault({ tps: options.rewardTpsWeight, latency: options.rewardLatencyWeight });
    // The rules agent is one shot: its one step is PGTune's configuration, so the stored row
    // says exactly what runs.
    const iterations = options.agent === 'rules' ? RULES_AGENT_ITERATIONS : options.iterations;
    return {
      ...options,
      iterations,
      rewardTpsWeight: weights.tps,
      rewardLatencyWeight: weights.latency,
      // Naming the extended set is the opt-in to restarts for every caller, so the stored row says what runs.
      allowRestart: allowsRestart(options.knobs, options.allowRestart),
    };
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
  const complete = parseRequest(SessionOptionsSchema, options ?? {});
  if (complete.agent === 'rules' && complete.warmStart === 'rules') {
    throw new InvalidArgumentError('warm_start', 'the rules agent\'s one step already is the rules configuration; warm_start rules is for ddpg, ddpg++ and random');
  }
  return complete;
}

/** applySessionDefaults, shaped for the trainer. @throws InvalidArgumentError */
export function resolveSessionOptions(options: SessionOptions | null | undefined): ResolvedSessionOptions {
  const complete = applySessionDefaults(options);
  return { ...complete, rewardWeights: { tps: complete.rewardTpsWeight, latency: complete.rewardLatencyWeight } };
}

function cloneBenchmark(spec: Readonly<CompleteBenchmarkSpec>): CompleteBenchmarkSpec {
  return { ...spec, scripts: spec.scripts.map((s) => ({ ...s })) };
}
