/**
 * Every limit and default of what a tuning session asks for, in this one place: the session
 * options of CreateSession, the benchmark spec they carry (also what the collector runs and the
 * environment's Open request carries), and the CLI flags that fill them. The zod schemas
 * (session-options.ts, benchmark-spec.ts, services/environment/open-request.ts) check against
 * these numbers, and the CLI's help text prints them.
 *
 * Proto3 cannot tell an unset number from 0 or an unset string from "": 0 and "" mean "use the
 * default" wherever a default exists, so a range's minimum applies to values that are set.
 */

import type { RulesStorage, RulesWorkload } from '../../knobs/pgtune-rules';

/** An inclusive range of integers. */
export interface IntegerRange {
  readonly min: number;
  readonly max: number;
}

export const BUILTIN_SCRIPTS = ['tpcb-like', 'simple-update', 'select-only'] as const;
export type BuiltinScript = (typeof BUILTIN_SCRIPTS)[number];

/** pgbench's --protocol values. */
export const PROTOCOLS = ['simple', 'extended', 'prepared'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

export const SESSION_AGENTS = ['ddpg', 'ddpg++', 'random', 'rules'] as const;
/** CHECKPOINT before each run's warm-up, or not. */
export const CHECKPOINT_MODES = ['on', 'off'] as const;
export type CheckpointMode = (typeof CHECKPOINT_MODES)[number];

/**
 * Re-creating the bench database from its template: never; only a database whose pgbench data
 * pg-autotune loaded (the sandbox's, or a target prepared by the tool); or any database, which
 * a user must ask for by name because it replaces their data with the template's copy.
 */
export const DATA_RESET_MODES = ['off', 'bench', 'force'] as const;
export type DataResetMode = (typeof DATA_RESET_MODES)[number];

/** What a run's TPS is: pgbench's total, or the median / trimmed mean of its per-second series. */
export const TPS_ESTIMATORS = ['total', 'median', 'trimmed'] as const;
export type TpsEstimator = (typeof TPS_ESTIMATORS)[number];

export type SessionAgent = (typeof SESSION_AGENTS)[number];

/**
 * The rules agent's whole budget: one tuning step, PGTune's configuration, then the normal
 * verification. A session with agent rules stores iterations = this, whatever was asked.
 */
export const RULES_AGENT_ITERATIONS = 1;

/** What a session's first step may be instead of the agent's own: none, or PGTune's configuration (knobs/pgtune-rules.ts). */
export const WARM_STARTS = ['none', 'rules'] as const;
export type WarmStart = (typeof WARM_STARTS)[number];

export const BENCHMARK_LIMITS = Object.freeze({
  /** pgbench takes at most 128 scripts (-b/-f) in one run. */
  scripts: 128,
  /** Weights are relative: a million to one is past any meaningful mix, and far from pgbench's int overflow. */
  weight: { min: 1, max: 1_000_000 },
  /** A bound against typos: 1000 clients is past most servers' max_connections. */
  clients: { min: 1, max: 1000 },
  /** A day: longer is a typo, and the environment's call deadlines grow with the run. */
  durationS: { min: 1, max: 86_400 },
  /** An hour: longer only delays the measurement. 0: no warm-up. */
  warmupS: { min: 0, max: 3600 },
  /** pgbench -P: samples further apart than an hour say nothing about a run. */
  progressIntervalS: { min: 1, max: 3600 },
  /** Runs per data reset: past 1000 the data drifts for hours between resets, which is "off". */
  dataResetEvery: { min: 1, max: 1000 },
});

/** Defaults of a benchmark spec's fields when 0 or "" (unset). duration_s has none: it is required. */
export const BENCHMARK_DEFAULTS = Object.freeze({
  /** pgbench's own default script, whose tables `pgbench -i` creates on every prepared target. */
  script: Object.freeze({ builtin: 'tpcb-like' as BuiltinScript, weight: 1 }),
  /** A light load that a small server (and the sandbox) serves without saturating the machine. */
  clients: 4,
  weight: 1,
  /** Prepared statements keep query parsing out of what is measured. */
  protocol: 'prepared' as Protocol,
  /** One sample a second: enough for a p95 of the progress without flooding the log. */
  progressIntervalS: 1,
});

/**
 * Defaults of the noise-control fields of a benchmark spec when "" or 0 (unset), chosen with
 * `npm run bench:noise` (README "Noise control" has the figures and the command).
 */
export const NOISE_CONTROL_DEFAULTS = Object.freeze({
  checkpoint: 'on' as CheckpointMode,
  dataReset: 'bench' as DataResetMode,
  dataResetEvery: 1,
  tpsEstimator: 'total' as TpsEstimator,
});

/** The benchmark of a session that names none: 30 s of TPC-B-like load after 5 s of warm-up. */
export const SESSION_BENCHMARK_DEFAULTS = Object.freeze({
  /** Long enough for a steady TPS on the sandbox, short enough for a default session in well under an hour. */
  durationS: 30,
  /**
   * The only warm-up default: a few seconds let caches and new settings settle before the window
   * opens. Only a session without a benchmark gets it: in a given spec 0 is a real value (no
   * warm-up), so there it cannot mean "default".
   */
  warmupS: 5,
});

/**
 * After a restart every backend starts cold: the environment warms up at least this long
 * (capped at the run's own length) whatever the spec says, and its client allows for it.
 */
export const RESTART_WARMUP_S = 10;

export const SESSION_DEFAULTS = Object.freeze({
  warmStart: 'none' as WarmStart,
  /** pgbench's default tpcb-like script is short read-write transactions: PGTune's OLTP. */
  rulesWorkload: 'oltp' as RulesWorkload,
  /** The sandbox and most servers today sit on SSDs (PGTune's own default too). */
  rulesStorage: 'ssd' as RulesStorage,
  /** Tuning steps after the baseline: the agent's 5 exploring warm-up steps and some learning, short enough for a first try. */
  iterations: 20,
  agent: 'ddpg' as SessionAgent,
  /**
   * The most bracketed verification rounds per candidate: a candidate whose interval settles
   * earlier stops earlier (VERIFICATION_RULES), fewer than 3 are never called significant.
   */
  verifyRepeats: 5,
  /** The smallest gain worth recommending, as a fraction (0.03 = 3% more TPS or 3% less p95): smaller is within a run's noise on most machines. */
  minGain: 0.03,
  /** Seconds verification may take before no new round starts; 0: no time budget (verify_repeats bounds it). */
  verifyBudgetS: 0,
  /**
   * Rounds of the per-knob ablation after a significant recommendation (ABLATION_RULES); 0: none.
   * 3, the fewest pairs ever called significant: each round costs a run per changed knob and one
   * of the recommendation, so more rounds are for who asks.
   */
  ablationRounds: 3,
  /**
   * Re-measure a step whose reward beats the baseline and ranks among this many best so far
   * (model/remeasure-rule.ts); 0: never. Off: with 1, `npm run bench:model -- --only shapes`
   * found no consistent gain at 10% or 20% noise in 30 steps, the second runs cost steps that
   * exploration needed (README "The learner").
   */
  remeasureTop: 0,
  /** Steps between model checkpoints: a crash loses at most this many steps of learning. */
  checkpointEvery: 5,
  /** Steps between baseline re-measurements; 0: never (drift checks cost a run each). */
  baselineEvery: 0,
  /** A fixed seed: two sessions with the same options explore the same way. */
  seed: 0,
  /** 0.6 / 0.4 as the original system used (the CDBTune paper weighted latency higher); applied when both are 0 (unset). */
  rewardWeights: Object.freeze({ tps: 0.6, latency: 0.4 }),
});

export const SESSION_LIMITS = Object.freeze({
  /** A step is a benchmark run: 1000 of 30 s are eight hours, past any sensible session. */
  iterations: { min: 1, max: 1000 },
  /** Each round costs a run per candidate and a baseline run: 20 rounds of 3 candidates are 80 runs. */
  verifyRepeats: { min: 1, max: 20 },
  /** A fraction. 0.1%: any gain the runs can resolve at all; 50%: past what a knob change is expected to give. */
  minGain: Object.freeze({ min: 0.001, max: 0.5 }),
  /** A day, as durationS: longer is a typo. */
  verifyBudgetS: { min: 0, max: 86_400 },
  /** 0 (off), or VERIFICATION_RULES.minRounds (3) and more: fewer pairs can never call a knob's worth. 20 as verifyRepeats. */
  ablationRounds: { min: 0, max: 20 },
  /** Past a handful every good step is measured twice: the budget halves for what a second opinion on the best few gives. */
  remeasureTop: { min: 0, max: 10 },
  checkpointEvery: { min: 1, max: 1000 },
  baselineEvery: { min: 0, max: 1000 },
  /** A uint32 in the proto. */
  seed: { min: 0, max: 0xffff_ffff },
  /** Knob or set names a session may list: far more than the catalog's sets hold, so more is a mistake. */
  knobs: 64,
  /** Settings of a start configuration: the catalog holds far fewer knobs, so more is a mistake. */
  startKnobs: 64,
  /** Characters of one start value: "16384", "64MB", "on"; anything longer is not a knob value. */
  startValueLength: 64,
});

/**
 * Defaults of continuous tuning (services/trainer/watch-loop.ts): how often a watching session
 * re-measures the configuration in force, with how many runs, and what drop opens a new round.
 */
export const CONTINUOUS_DEFAULTS = Object.freeze({
  /** An hour: a drift that matters lasts longer than that, and each watch costs its runs' load on the server. */
  watchIntervalS: 3600,
  /** VERIFICATION_RULES.minRounds: the fewest runs whose interval is ever called significant. */
  watchRuns: 3,
  /** A fraction (0.05 = 5% less TPS or 5% more p95): above min_gain's default, so a round is opened only for a drop worth a new recommendation. */
  driftThreshold: 0.05,
  /** 0: unlimited, the session watches until it is stopped. */
  maxRounds: 0,
  /**
   * Total variation distance between two query mixes (half the summed difference of the call
   * shares): 0.25 means a quarter of the calls moved to other statements, a change of workload
   * rather than of the day's traffic, whose shares move by a few points.
   */
  mixThreshold: 0.25,
});

export const CONTINUOUS_LIMITS = Object.freeze({
  /** 1 s for benches and tests; a week: longer is a typo. */
  watchIntervalS: { min: 1, max: 604_800 },
  /** At least VERIFICATION_RULES.minRounds runs (fewer are never significant); 20 as verifyRepeats. */
  watchRuns: { min: 3, max: 20 },
  /** As minGain: 0.1% is any drop the runs can resolve, 50% past what a drift is expected to cost. */
  driftThreshold: Object.freeze({ min: 0.001, max: 0.5 }),
  /** 0 is unlimited; a bound against typos. */
  maxRounds: { min: 0, max: 100_000 },
  /** 0.05: below that the sampling noise of an interval's calls decides; 1 is never (a distance is at most 1). */
  mixThreshold: Object.freeze({ min: 0.05, max: 1 }),
});

/**
 * The query-mix trigger of continuous tuning (services/trainer/query-mix-change.ts), and the
 * pg_stat_statements readings behind it (lib/metrics/query-mix-readings.ts, used by the collector).
 */
export const QUERY_MIX_RULES = Object.freeze({
  /**
   * Statements named in a mix, by calls; the rest are pooled as "other". Also the most
   * `include`d queryids a reading accepts (a reference mix's statements).
   */
  topStatements: 20,
  /**
   * Readings a collector holds for a later `since` (each up to pg_stat_statements.max
   * statements' counters): one session watches an instance at a time, so a few suffice.
   */
  readingsKept: 8,
  /**
   * The fewest calls an interval needs for its mix to count (as a reference, or compared with
   * one): with fewer, the shares of 20 statements are mostly sampling noise.
   */
  minCalls: 1000,
});

/**
 * The drift test's fixed rule (services/trainer/drift-test.ts): a watching session runs the
 * test at every watch, for days, so each test spends a small error rate: the chance that a watch
 * of a configuration whose level has not changed opens a round.
 */
export const WATCH_RULES = Object.freeze({
  falseAlarmRate: 0.01,
});

/** Limits of the Environment service's open environments. */
export const ENVIRONMENT_LIMITS = Object.freeze({
  /**
   * An environment nobody has called for this long is closed as Close without keep_current
   * would (the collector's original restored): a trainer that died without Close must not hold
   * it, and its collector connection, for the life of the service. Half an hour is far past any
   * pause between a trainer's calls (a training update, checkpointing), and a running Step
   * never counts as idle.
   */
  idleTimeoutS: 1800,
});

/**
 * The rules of the sequential verification (services/trainer/verification-plan.ts). Fixed, not
 * options: they are what makes its error rate a promise.
 */
export const VERIFICATION_RULES = Object.freeze({
  /**
   * Rounds before the first look, and the fewest pairs ever called significant: with 2 pairs a
   * single outlier decides the interval, and a stopping rule could stop on a lucky first pair.
   */
  minRounds: 3,
  /**
   * The chance of recommending a candidate when none differs from the baseline (A against A),
   * split over the candidates and the looks (Bonferroni).
   */
  falsePositiveRate: 0.05,
});

/**
 * The rules of the per-knob ablation (services/trainer/ablation-plan.ts). Fixed, not options,
 * as the verification's.
 */
export const ABLATION_RULES = Object.freeze({
  /**
   * More changed knobs than this are not ablated: a round costs one run per knob plus the
   * recommendation's, so 9 knobs at 3 rounds are 31 runs, and a Bonferroni level split nine ways
   * needs more rounds than that to resolve anything.
   */
  maxKnobs: 8,
  /**
   * The chance that any knob of an ablation is called "carries gain" or "hurts" when reverting
   * it changes nothing, split over the knobs (Bonferroni).
   */
  falsePositiveRate: 0.05,
});

/** Limits of the approval API (services/recommendation/recommendation-approval.ts). */
export const APPROVAL_LIMITS = Object.freeze({
  /** Characters of an approver's or a rollback's actor name, as the audit keeps it: a user name, not prose. */
  actorLength: 64,
});

/** Pages of ListSessions: a default a terminal can show, and a cap that keeps one answer well under gRPC's 4 MB. */
export const LIST_SESSIONS_PAGE = Object.freeze({ defaultSize: 100, maxSize: 1000 });

/** Labels of a registered instance (RegisterInstance labels): tags for people and automation, not documents. */
export const INSTANCE_LABEL_LIMITS = Object.freeze({
  /** Far more than a team tags a server with; more is a mistake. */
  count: 32,
  /** Characters of a key, as Kubernetes' label names: short, lower case, no spaces. */
  keyLength: 63,
  /** Characters of a value: a team, an environment, a ticket, not prose. */
  valueLength: 256,
});
