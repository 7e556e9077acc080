import type { KnobSetting__Output as KnobSetting } from '../../proto/generated/autotune/v1/KnobSetting';
import type { StepOutcome__Output as StepOutcome } from '../../proto/generated/autotune/v1/StepOutcome';
import { errorMessage } from '../../lib/core/errors';
import type { AblationRecord, KnobAblationRecord } from '../../lib/store/verification-record';
import { ABLATION_RULES, VERIFICATION_RULES } from '../../lib/session/session-limits';
import { planAblation, RECOMMENDED_LABEL, type AblationVariant } from './ablation-plan';
import { ablationVerdict, knobWorth } from './ablation-stats';
import { compare, overBudget, type Run } from './verify-candidates';

export interface AblationOptions {
  /** The verified recommendation's knobs. */
  recommended: KnobSetting[];
  /** The session's baseline (its start configuration when it had one): what a knob is reverted to. */
  baselineKnobs: KnobSetting[];
  /** Bracketed rounds (ablation_rounds, >= 1). */
  rounds: number;
  /** The smallest gain worth a change (min_gain), for the verdicts. */
  minGain: number;
  /** As verification's: no new round starts when it would likely end past this many seconds from the ablation's start; 0: none. */
  budgetS: number;
  /** Applies a configuration and benchmarks it (the environment's Measure). */
  measure: (knobs: KnobSetting[]) => Promise<StepOutcome>;
  /** Called after each run, in order, so every run is stored before the next starts. */
  onRun: (run: { label: string; round: number; knob: string | null; outcome: StepOutcome }) => Promise<void>;
  /** Stops between runs (Ctrl-C). */
  signal?: AbortSignal;
  /** Milliseconds, for the time budget. @defaultValue Date.now */
  now?: () => number;
}

interface Track {
  variant: AblationVariant;
  runs: Run[];
  failed: boolean;
}

/**
 * The per-knob ablation of a verified recommendation R: each changed knob reverted alone
 * (V1..Vk, ablation-plan.ts), measured in the verification's brackets with R in the
 * baseline's place: R V1 V2 V3 R V3 V2 V1 R ..., the order reversing each round, every variant
 * run paired with R interpolated to its position (verify-candidates.ts), so a drift cancels.
 * The rounds are fixed: every knob runs all of them (or until the time budget, never before
 * the first VERIFICATION_RULES.minRounds). A variant whose run fails is "not measured"; a
 * failed run of R ends the ablation, recorded as skipped: the verification's recommendation
 * stands either way. Knobs are reverted one at a time, so interactions are not measured.
 */
export async function runAblation(options: AblationOptions): Promise<AblationRecord> {
  const plan = planAblation({ recommended: options.recommended, baseline: options.baselineKnobs, rounds: options.rounds });
  const record = { maxRounds: options.rounds, minGain: options.minGain };
  // Nothing measured: no interval, the level is the plain one.
  if (plan.skipped !== undefined) return { ...record, rounds: 0, confidence: 1 - ABLATION_RULES.falsePositiveRate, knobs: [], skipped: plan.skipped };
  const now = options.now ?? Date.now;
  const tracks: Track[] = plan.variants.map((variant) => ({ variant, runs: [], failed: false }));
  const recommendedRuns: Run[] = [];
  let at = 0;
  const run = async (label: string, round: number, knob: string | null, knobs: KnobSetting[]): Promise<Run | string> => {
    options.signal?.throwIfAborted();
    const outcome = await options.measure(knobs);
    await options.onRun({ label, round, knob, outcome });
    const position = at++;
    const bench = outcome.benchmark;
    const latency = bench?.latency;
    if (outcome.error || outcome.rolledBack || !bench || !latency || !(bench.tps > 0) || !(latency.p95Ms > 0)) return outcome.error || 'no result';
    return { label, at: position, tps: bench.tps, p95: latency.p95Ms, avg: latency.avgMs, p99: latency.p99Ms };
  };
  const runRecommended = async (round: number): Promise<string | undefined> => {
    const result = await run(RECOMMENDED_LABEL, round, null, options.recommended);
    if (typeof result === 'string') return `the recommended configuration failed during the ablation (${result}); its knobs were not measured`;
    recommendedRuns.push(result);
    return undefined;
  };

  const started = now();
  let rounds = 0;
  try {
    const failed = await runRecommended(0);
    if (failed) return { ...record, rounds: 0, confidence: plan.confidence, knobs: [], skipped: failed };
    for (let round = 0; round < plan.rounds; round++) {
      const running = tracks.filter((t) => !t.failed);
      if (running.length === 0 || (round >= VERIFICATION_RULES.minRounds && overBudget(options.budgetS, now() - started, round))) break;
      for (const track of round % 2 === 0 ? running : [...running].reverse()) {
        const result = await run(track.variant.label, round, track.variant.knob, track.variant.knobs);
        if (typeof result === 'string') track.failed = true;
        else track.runs.push(result);
      }
      const failedR = await runRecommended(round);
      if (failedR) return { ...record, rounds, confidence: plan.confidence, knobs: [], skipped: failedR };
      rounds = round + 1;
    }
  } catch (err) {
    if (options.signal?.aborted) throw err;
    // The environment itself failed (not a run): the recommendation stands, without its ablation.
    return { ...record, rounds, confidence: plan.confidence, knobs: [], skipped: `the ablation stopped: ${errorMessage(err)}` };
  }
  return { ...record, rounds, confidence: plan.confidence, knobs: tracks.map((t) => knobRow(t, recommendedRuns, plan.confidence, options.minGain)), skipped: null };
}

function knobRow(track: Track, recommendedRuns: readonly Run[], confidence: number, minGain: number): KnobAblationRecord {
  const { knob, recommended, reverted } = track.variant;
  if (track.failed || track.runs.length < 2) {
    const unit = { median: 1, low: 1, high: 1 };
    return { knob, recommended, reverted, tpsWorth: unit, p95Worth: unit, verdict: 'not measured', rounds: track.runs.length };
  }
  const comparison = compare(track.runs, recommendedRuns, { confidence });
  const worth = knobWorth(comparison);
  return { knob, recommended, reverted, tpsWorth: worth.tps, p95Worth: worth.p95, verdict: ablationVerdict(comparison, minGain), rounds: comparison.pairs };
}
