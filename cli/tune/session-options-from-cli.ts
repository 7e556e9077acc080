import path from 'node:path';
import type { SessionOptions } from '../../proto/generated/autotune/v1/SessionOptions';
import type { WorkloadScript } from '../../proto/generated/autotune/v1/WorkloadScript';
import { InvalidArgumentError } from '../../lib/core/errors';
import { allowsRestart } from '../../knobs/knob-sets';
import { applySessionDefaults, DEFAULT_SESSION_BENCHMARK } from '../../lib/session/session-options';
import {
  BENCHMARK_DEFAULTS,
  BENCHMARK_LIMITS,
  BUILTIN_SCRIPTS,
  CONTINUOUS_DEFAULTS,
  CONTINUOUS_LIMITS,
  SESSION_DEFAULTS,
  SESSION_LIMITS,
  type BuiltinScript,
} from '../../lib/session/session-limits';
import { rangeText } from '../option-parsers';
import { readStartConfigFile } from './start-config-file';
import { findWorkloadPreset, type WorkloadPreset } from '../../lib/session/workload-presets';

/** The tuning flags of `pg-autotune tune`, as commander hands them over. */
export interface TuneFlags {
  iterations?: number;
  duration?: number;
  warmup?: number;
  workload?: string[];
  clients?: number;
  preCheckpoint?: string;
  dataReset?: string;
  dataResetEvery?: number;
  tpsEstimator?: string;
  knobs?: string;
  agent?: string;
  verify?: number;
  minGain?: number;
  verifyBudget?: number;
  ablationRounds?: number;
  applyBest?: boolean;
  seed?: number;
  checkpointEvery?: number;
  baselineEvery?: number;
  remeasureTop?: number;
  allowRestart?: boolean;
  allowDurabilityRisk?: boolean;
  warmStart?: string;
  rulesWorkload?: string;
  rulesStorage?: string;
  startConfig?: string;
  preset?: string;
  continuous?: boolean;
  watchInterval?: number;
  watchRuns?: number;
  driftThreshold?: number;
  mixThreshold?: number;
  maxRounds?: number;
}

/**
 * Turns command-line flags into session options, validated by the same schema the
 * Recommendation service uses (errors name the option's proto field). Unset flags take the
 * defaults of a session without a benchmark (DEFAULT_SESSION_BENCHMARK).
 */
export function sessionOptionsFromCli(flags: TuneFlags): SessionOptions {
  const knobs = (flags.knobs ?? 'default').split(',').map((k) => k.trim()).filter(Boolean);
  const allowRestart = allowsRestart(knobs, flags.allowRestart === true);
  const allowDurabilityRisk = flags.allowDurabilityRisk === true;
  // Whether the server may restart is the collector's to say when the session opens.
  const permissions = { allowRestart, allowDurabilityRisk, canRestart: true };
  const startKnobs = flags.startConfig === undefined ? [] : readStartConfigFile(flags.startConfig, permissions);
  const preset = presetOf(flags);
  const options: SessionOptions = {
    iterations: flags.iterations,
    agent: flags.agent,
    verifyRepeats: flags.verify,
    minGain: flags.minGain,
    verifyBudgetS: flags.verifyBudget,
    ablationRounds: flags.ablationRounds,
    applyBest: flags.applyBest === true,
    seed: flags.seed,
    checkpointEvery: flags.checkpointEvery,
    baselineEvery: flags.baselineEvery,
    remeasureTop: flags.remeasureTop,
    knobs,
    warmStart: flags.warmStart,
    rulesWorkload: flags.rulesWorkload,
    rulesStorage: flags.rulesStorage,
    allowRestart,
    allowDurabilityRisk,
    startKnobs,
    continuous: flags.continuous === true,
    watchIntervalS: flags.watchInterval,
    watchRuns: flags.watchRuns,
    driftThreshold: flags.driftThreshold,
    mixThreshold: flags.mixThreshold,
    maxRounds: flags.maxRounds,
    benchmark: {
      ...DEFAULT_SESSION_BENCHMARK,
      scripts: preset?.scripts ?? (flags.workload && flags.workload.length > 0 ? flags.workload.map(parseWorkload) : DEFAULT_SESSION_BENCHMARK.scripts),
      clients: flags.clients ?? preset?.clients ?? DEFAULT_SESSION_BENCHMARK.clients,
      durationS: flags.duration ?? DEFAULT_SESSION_BENCHMARK.durationS,
      warmupS: flags.warmup ?? DEFAULT_SESSION_BENCHMARK.warmupS,
      checkpoint: flags.preCheckpoint ?? DEFAULT_SESSION_BENCHMARK.checkpoint,
      dataReset: flags.dataReset ?? DEFAULT_SESSION_BENCHMARK.dataReset,
      dataResetEvery: flags.dataResetEvery ?? DEFAULT_SESSION_BENCHMARK.dataResetEvery,
      tpsEstimator: flags.tpsEstimator ?? DEFAULT_SESSION_BENCHMARK.tpsEstimator,
    },
  };
  applySessionDefaults(options);
  return options;
}

/**
 * `--preset NAME`: its scripts and weights replace --workload (both at once is refused: one
 * rule for what runs); its clients apply unless --clients is given.
 */
function presetOf(flags: TuneFlags): WorkloadPreset | undefined {
  if (flags.preset === undefined) return undefined;
  if (flags.workload && flags.workload.length > 0) {
    throw new InvalidArgumentError('--preset', 'give either --preset or --workload, not both (a preset names its scripts and weights)');
  }
  return findWorkloadPreset(flags.preset, '--preset');
}

/** `tpcb-like`, `select-only@3`, `my.sql`, `my.sql@2`: a built-in or a script file, with a weight. */
export function parseWorkload(text: string): WorkloadScript {
  const match = /^(.+?)(?:@(\d+))?$/.exec(text.trim());
  if (!match) throw new InvalidArgumentError('--workload', `expected NAME[@WEIGHT] or FILE.sql[@WEIGHT], got "${text}"`);
  const [, what, weightText] = match;
  const weight = weightText === undefined ? BENCHMARK_DEFAULTS.weight : Number(weightText);
  const { min, max } = BENCHMARK_LIMITS.weight;
  if (!Number.isInteger(weight) || weight < min || weight > max) {
    throw new InvalidArgumentError('--workload', `weight must be an integer in ${rangeText(BENCHMARK_LIMITS.weight)}, got "${weightText}"`);
  }
  if ((BUILTIN_SCRIPTS as readonly string[]).includes(what!)) return { builtin: what as BuiltinScript, weight };
  // Absolute, so the collector finds it whatever its working folder.
  if (what!.endsWith('.sql')) return { file: path.resolve(what!), weight };
  throw new InvalidArgumentError('--workload', `"${what}" is neither a built-in (${BUILTIN_SCRIPTS.join(', ')}) nor a .sql file`);
}

/**
 * --min-gain in percent, as people say it: "3" or "3%" is 0.03, "0.5" is 0.005. Percent rather
 * than a fraction because "--min-gain 3" read as 300% would be a silent, costly mistake; the
 * range is checked by the session schema (min_gain).
 */
export function parseMinGainPercent(text: string): number {
  return parsePercent('--min-gain', text, SESSION_LIMITS.minGain, SESSION_DEFAULTS.minGain);
}

/** --drift-threshold in percent, as --min-gain (drift_threshold's range is the schema's). */
export function parseDriftThresholdPercent(text: string): number {
  return parsePercent('--drift-threshold', text, CONTINUOUS_LIMITS.driftThreshold, CONTINUOUS_DEFAULTS.driftThreshold);
}

/** --mix-threshold: a distance, 0.25 or .25 (mix_threshold's range is the schema's). */
export function parseMixThreshold(text: string): number {
  const match = /^\s*(\d*\.?\d+)\s*$/.exec(text);
  if (!match) throw new InvalidArgumentError('--mix-threshold', `expected a distance between query mixes such as 0.25, got "${text}"`);
  const distance = Number(match[1]);
  // proto3 reads 0 as unset, so "0" would silently become the default (as parsePercent's).
  if (distance === 0) {
    const { min, max } = CONTINUOUS_LIMITS.mixThreshold;
    throw new InvalidArgumentError('--mix-threshold', `must be a distance in ${min}..${max} (omit it for the default ${CONTINUOUS_DEFAULTS.mixThreshold}), got "${text}"`);
  }
  return distance;
}

/**
 * Refuses 0 itself, the one value the schema cannot: proto3 reads 0 as unset, so "0" would
 * silently become the default. Other values out of `range` are the schema's to refuse.
 */
function parsePercent(flag: string, text: string, range: { readonly min: number; readonly max: number }, fallback: number): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(text);
  if (!match) throw new InvalidArgumentError(flag, `expected a percentage such as 3 or 2.5%, got "${text}"`);
  const fraction = Number(match[1]) / 100;
  if (fraction === 0) {
    throw new InvalidArgumentError(flag, `must be a percentage in ${range.min * 100}..${range.max * 100} (omit it for the default ${fallback * 100}), got "${text}"`);
  }
  return fraction;
}
