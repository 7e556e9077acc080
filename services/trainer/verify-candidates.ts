import type { KnobSetting__Output as KnobSetting } from '../../proto/generated/autotune/v1/KnobSetting';
import type { StepOutcome__Output as StepOutcome } from '../../proto/generated/autotune/v1/StepOutcome';
import type { CandidateDecision, MeasuredRuns, RatioInterval, VerificationRecord, VerifiedCandidate } from '../../lib/store/verification-record';
import { pairedDesignEffect, type PairReference } from '../../lib/stats/paired-design-effect';
import { formatConfidence } from '../../lib/report/report-numbers';
import { VERIFICATION_RULES } from '../../lib/session/session-limits';
import { decide, planVerification, type VerificationPlan } from './verification-plan';
import { compareRuns, pickBest, type Comparison, type RatioInterval as StatsInterval } from './verification-stats';

export interface Candidate {
  fromIteration: number;
  knobs: KnobSetting[];
}

export interface VerifyOptions {
  baselineKnobs: KnobSetting[];
  candidates: Candidate[];
  /** The most bracketed rounds (verify_repeats). */
  repeats: number;
  /** The smallest gain worth recommending, a fraction (min_gain). */
  minGain: number;
  /** No new round starts when it would likely end past this many seconds; 0: no budget. The first rounds before a look always run. */
  budgetS: number;
  weights: { tps: number; latency: number };
  /** Applies a configuration and benchmarks it (the environment's Measure). */
  measure: (knobs: KnobSetting[]) => Promise<StepOutcome>;
  /** Called after each run, in order, so every run is stored before the next starts. */
  onRun: (run: { label: string; round: number; outcome: StepOutcome }) => Promise<void>;
  /** Stops between runs (Ctrl-C); the partial verification is abandoned. */
  signal?: AbortSignal;
  /** false: no early stops, every candidate runs every round and is judged once, after the last (verification-plan.ts). @defaultValue true */
  sequential?: boolean;
  /** Milliseconds, for the time budget. @defaultValue Date.now */
  now?: () => number;
}

const BASELINE = 'baseline';

/** One measured run of a bracketed sequence (also the ablation's, ablation-rounds.ts). */
export interface Run {
  label: string;
  /** Position in the whole sequence of runs. */
  at: number;
  tps: number;
  p95: number;
  avg: number;
  p99: number;
}

interface Track {
  label: string;
  candidate: Candidate;
  runs: Run[];
  measured: MeasuredRuns;
  failed: boolean;
  comparison?: Comparison;
  decision: CandidateDecision;
}

/**
 * The Finish step: re-benchmarks the baseline (A) and the candidates (B1 B2 B3) in brackets,
 * rounds of A B1 B2 B3 A B3 B2 B1 A ...: every candidate run sits between two baseline runs,
 * and the order reverses each round so no candidate always runs first. Each candidate run is
 * paired with the baseline interpolated (geometrically) to its position, which cancels a drift (tables
 * growing, caches warming, a neighbour's load) instead of charging it to whichever
 * configuration ran later.
 *
 * Sequential: after each round from the 3rd on, each running candidate's intervals are looked
 * at (verification-plan.ts); a candidate found better, or shown below the smallest worthwhile
 * gain, stops and leaves the later rounds, which then bracket only the others. Rounds end when
 * no candidate is left, at `repeats`, or when the next round would overrun the time budget.
 * The intervals allow for the pairs' shared baseline runs (paired-design-effect.ts) and are at
 * the plan's Bonferroni level. A candidate whose run fails is dropped.
 */
export async function verifyCandidates(options: VerifyOptions): Promise<Omit<VerificationRecord, 'appliedBest' | 'caveats'>> {
  const { candidates, repeats, signal } = options;
  const now = options.now ?? Date.now;
  const sequential = options.sequential ?? true;
  const plan = planVerification({ candidates: candidates.length, maxRounds: repeats, minGain: options.minGain, sequential });
  const tracks: Track[] = candidates.map((candidate, i) => ({
    label: `candidate-${i + 1}`,
    candidate,
    runs: [],
    measured: emptyRuns(),
    failed: false,
    decision: 'undecided',
  }));
  const baselineRuns: Run[] = [];
  const baselineMeasured = emptyRuns();
  let at = 0;
  const run = async (label: string, round: number, knobs: KnobSetting[]): Promise<Run | undefined> => {
    signal?.throwIfAborted();
    const outcome = await options.measure(knobs);
    await options.onRun({ label, round, outcome });
    const latency = outcome.benchmark?.latency;
    const position = at++;
    // A run that measured nothing is a failed run: a ratio against 0 TPS or 0 ms means nothing.
    if (outcome.error || outcome.rolledBack || !outcome.benchmark || !latency || !(outcome.benchmark.tps > 0) || !(latency.p95Ms > 0)) {
      if (label === BASELINE) throw new Error(`the baseline configuration failed during verification (${outcome.error || 'no result'}); nothing can be measured against it`);
      return undefined;
    }
    return { label, at: position, tps: outcome.benchmark.tps, p95: latency.p95Ms, avg: latency.avgMs, p99: latency.p99Ms };
  };
  const runBaseline = async (round: number) => {
    // run() throws for a failed baseline run, so there always is one.
    const r = (await run(BASELINE, round, options.baselineKnobs))!;
    baselineRuns.push(r);
    push(baselineMeasured, r);
  };

  const started = now();
  let rounds = 0;
  await runBaseline(0);
  for (let round = 0; round < repeats; round++) {
    const running = tracks.filter((t) => !t.failed && t.decision === 'undecided');
    if (running.length === 0 || (round >= plan.minRounds && overBudget(options.budgetS, now() - started, round))) break;
    const order = round % 2 === 0 ? running : [...running].reverse();
    for (const track of order) {
      const result = await run(track.label, round, track.candidate.knobs);
      if (!result) {
        track.failed = true;
        continue;
      }
      track.runs.push(result);
      push(track.measured, result);
    }
    await runBaseline(round);
    rounds = round + 1;
    for (const track of running.filter((t) => !t.failed)) {
      track.comparison = compare(track.runs, baselineRuns, plan);
      if (sequential && rounds >= plan.minRounds && plan.looks > 0) track.decision = decide(track.comparison, plan.minGain);
    }
  }
  if (!sequential && rounds >= plan.minRounds && plan.looks > 0) {
    for (const track of tracks) if (!track.failed && track.comparison) track.decision = decide(track.comparison, plan.minGain);
  }

  const verified = tracks
    .filter((t): t is Track & { comparison: Comparison } => !t.failed && t.comparison !== undefined)
    .map((t) => ({
      label: t.label,
      fromIteration: t.candidate.fromIteration,
      knobs: t.candidate.knobs,
      ...t.measured,
      tpsRatio: ratio(t.comparison.tps),
      p95Ratio: ratio(t.comparison.p95),
      rounds: t.comparison.pairs,
      decision: t.decision,
      comparison: t.comparison,
    }));
  const best = verified.length > 0 ? pickBest(verified, (c) => c.comparison, options.weights) : undefined;
  // Recommend a change only when it is better on the session's objective AND the sequential
  // rule found it better: a noisy run that happened to look better is not a recommendation.
  const better = verified.filter((c) => c.decision === 'better');
  const bestBetter = better.length > 0 ? pickBest(better, (c) => c.comparison, options.weights) : undefined;
  const chosen = bestBetter && bestBetter.score > 0 ? bestBetter.best : undefined;
  const shown = chosen ?? best?.best;
  return {
    repeats: rounds,
    maxRounds: plan.maxRounds,
    minGain: plan.minGain,
    confidence: plan.confidence,
    looks: plan.looks,
    baselineKnobs: options.baselineKnobs,
    baseline: baselineMeasured,
    candidates: verified.map(({ comparison: _omit, ...rest }) => rest),
    chosen: chosen?.label ?? null,
    tpsRatio: shown ? shown.tpsRatio : unit(),
    p95Ratio: shown ? shown.p95Ratio : unit(),
    significant: chosen !== undefined,
    summary: summarize(shown, { recommended: chosen !== undefined, better: (best?.score ?? 0) > 0, plan }),
  };
}

/** The pairs of one candidate so far, against the baseline interpolated to each of its runs. */
export function compare(own: readonly Run[], baseline: readonly Run[], plan: Pick<VerificationPlan, 'confidence'>): Comparison {
  const references = own.map((r) => interpolate(baseline, r.at));
  return compareRuns(
    references.map((r) => r.value),
    own.map((r) => ({ tps: r.tps, p95Ms: r.p95 })),
    { confidence: plan.confidence, designEffect: own.length >= 2 ? pairedDesignEffect(references.map((r) => r.weights)) : 1 },
  );
}

/** The time budget: would one more round, as long as the average so far, end past it? */
export function overBudget(budgetS: number, elapsedMs: number, roundsDone: number): boolean {
  if (budgetS <= 0 || roundsDone === 0) return false;
  return elapsedMs + elapsedMs / roundsDone > budgetS * 1000;
}

/**
 * The baseline as it would have measured at position `at`, from the runs on either side, and
 * their weights. Geometric (linear in the logs the statistics work on): a linear mean of two
 * noisy runs has a log biased upwards by about a quarter of the noise variance, which would
 * make every candidate's p95 look better than it is (0.01 at 20% noise, enough to double the
 * false positives). For a drift of a few percent between neighbouring runs it is a linear one.
 */
function interpolate(baseline: readonly Run[], at: number): { value: { tps: number; p95Ms: number }; weights: PairReference } {
  let before = 0;
  baseline.forEach((r, i) => {
    if (r.at < at) before = i;
  });
  const afterIndex = baseline.findIndex((r) => r.at > at);
  const after = afterIndex === -1 ? before : afterIndex;
  const a = baseline[before]!;
  const b = baseline[after]!;
  const t = b.at === a.at ? 0 : (at - a.at) / (b.at - a.at);
  const weights = before === after ? [{ run: before, weight: 1 }] : [{ run: before, weight: 1 - t }, { run: after, weight: t }];
  const between = (x: number, y: number) => x ** (1 - t) * y ** t;
  return { value: { tps: between(a.tps, b.tps), p95Ms: between(a.p95, b.p95) }, weights };
}

function summarize(shown: VerifiedCandidate | undefined, verdict: { recommended: boolean; better: boolean; plan: VerificationPlan }): string {
  if (!shown) return 'no candidate could be verified';
  const { plan } = verdict;
  const pct = (x: number) => `${x >= 1 ? '+' : ''}${((x - 1) * 100).toFixed(1)}%`;
  const level = `${formatConfidence(plan.confidence)} CI`;
  const tps = `TPS ${pct(shown.tpsRatio.median)} (${level} ${pct(shown.tpsRatio.low)} .. ${pct(shown.tpsRatio.high)})`;
  const p95 = `p95 latency ${pct(shown.p95Ratio.median)} (${level} ${pct(shown.p95Ratio.low)} .. ${pct(shown.p95Ratio.high)})`;
  const rounds = shown.rounds ?? 0;
  const resolution = shown.tpsRatio.resolution;
  const reach = resolution === undefined ? '' : `, which could tell a TPS change of ±${(resolution * 100).toFixed(1)}% from none`;
  const measured = `${tps}, ${p95} over ${rounds} bracketed round${rounds === 1 ? '' : 's'}${reach}`;
  if (plan.looks === 0) return `nothing can be called significant from ${plan.maxRounds} round${plan.maxRounds === 1 ? '' : 's'} (at least ${VERIFICATION_RULES.minRounds} are needed): the best candidate measured ${measured}`;
  if (verdict.recommended) return measured;
  if (!verdict.better) return `no improvement: the best candidate measured ${measured}`;
  if (shown.decision === 'below-min-gain') return `no improvement worth recommending: the best candidate measured ${measured}, below the ${pct(1 + plan.minGain)} worth a change`;
  return `no significant improvement: the best candidate measured ${measured}; the intervals include no change`;
}

function ratio(interval: StatsInterval): RatioInterval {
  const { median, low, high, resolution } = interval;
  return resolution === undefined ? { median, low, high } : { median, low, high, resolution };
}

function unit(): RatioInterval {
  return { median: 1, low: 1, high: 1 };
}

function emptyRuns(): MeasuredRuns {
  return { tps: [], latencyAvgMs: [], p95Ms: [], p99Ms: [] };
}

function push(runs: MeasuredRuns, run: { tps: number; avg: number; p95: number; p99: number }): void {
  runs.tps.push(run.tps);
  runs.latencyAvgMs.push(run.avg);
  runs.p95Ms.push(run.p95);
  runs.p99Ms.push(run.p99);
}
