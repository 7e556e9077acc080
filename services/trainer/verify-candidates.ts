import type { KnobSetting__Output as KnobSetting } from '../../proto/generated/autotune/v1/KnobSetting';
import type { StepOutcome__Output as StepOutcome } from '../../proto/generated/autotune/v1/StepOutcome';
import type { MeasuredRuns, RatioInterval, VerificationRecord, VerifiedCandidate } from '../../lib/store/verification-record';
import { compareRuns, pickBest, type Comparison, type RatioInterval as StatsInterval } from './verification-stats';

export interface Candidate {
  fromIteration: number;
  knobs: KnobSetting[];
}

export interface VerifyOptions {
  baselineKnobs: KnobSetting[];
  candidates: Candidate[];
  repeats: number;
  weights: { tps: number; latency: number };
  /** Applies a configuration and benchmarks it (the environment's Measure). */
  measure: (knobs: KnobSetting[]) => Promise<StepOutcome>;
  /** Called after each run, in order, so every run is stored before the next starts. */
  onRun: (run: { label: string; round: number; outcome: StepOutcome }) => Promise<void>;
  /** Stops between runs (Ctrl-C); the partial verification is abandoned. */
  signal?: AbortSignal;
}

const BASELINE = 'baseline';

interface Run {
  label: string;
  /** Position in the whole sequence of runs. */
  at: number;
  tps: number;
  p95: number;
}

/**
 * The Finish step: re-benchmarks the baseline (A) and the candidates (B1 B2 B3) in brackets,
 * `repeats` rounds of A B1 B2 B3 A B3 B2 B1 A ...: every candidate run sits between two
 * baseline runs, and the order reverses each round so no candidate always runs first. Each
 * candidate run is paired with the baseline interpolated to its position, which cancels a
 * linear drift (tables growing, caches warming, a neighbour's load) instead of charging it
 * to whichever configuration ran later. A candidate whose run fails is dropped.
 */
export async function verifyCandidates(options: VerifyOptions): Promise<Omit<VerificationRecord, 'appliedBest' | 'caveats'>> {
  const { candidates, repeats, signal } = options;
  const labels = candidates.map((_, i) => `candidate-${i + 1}`);
  const sequence = [{ label: BASELINE, round: 0 }];
  for (let round = 0; round < repeats; round++) {
    const order = round % 2 === 0 ? labels : [...labels].reverse();
    sequence.push(...[...order, BASELINE].map((label) => ({ label, round })));
  }
  const runs: Run[] = [];
  const measured = new Map<string, MeasuredRuns>([BASELINE, ...labels].map((l) => [l, emptyRuns()]));
  const failed = new Set<string>();
  for (const [at, { label, round }] of sequence.entries()) {
    signal?.throwIfAborted();
    if (failed.has(label)) continue;
    const knobs = label === BASELINE ? options.baselineKnobs : candidates[labels.indexOf(label)]!.knobs;
    const outcome = await options.measure(knobs);
    await options.onRun({ label, round, outcome });
    const latency = outcome.benchmark?.latency;
    if (outcome.error || outcome.rolledBack || !outcome.benchmark || !latency) {
      if (label === BASELINE) throw new Error(`the baseline configuration failed during verification (${outcome.error || 'no result'}); nothing can be measured against it`);
      failed.add(label);
      continue;
    }
    runs.push({ label, at, tps: outcome.benchmark.tps, p95: latency.p95Ms });
    push(measured.get(label)!, { tps: outcome.benchmark.tps, avg: latency.avgMs, p95: latency.p95Ms, p99: latency.p99Ms });
  }
  const baselineRuns = runs.filter((r) => r.label === BASELINE);
  const verified: Array<VerifiedCandidate & { comparison: Comparison }> = [];
  candidates.forEach((candidate, i) => {
    const label = labels[i]!;
    if (failed.has(label)) return;
    const own = runs.filter((r) => r.label === label);
    const comparison = compareRuns(own.map((r) => interpolate(baselineRuns, r.at)), own.map((r) => ({ tps: r.tps, p95Ms: r.p95 })));
    verified.push({
      label,
      fromIteration: candidate.fromIteration,
      knobs: candidate.knobs,
      ...measured.get(label)!,
      tpsRatio: ratio(comparison.tps),
      p95Ratio: ratio(comparison.p95),
      comparison,
    });
  });
  const best = verified.length > 0 ? pickBest(verified, (c) => c.comparison, options.weights) : undefined;
  // Recommend a change only when it is better on the session's objective AND an interval
  // excludes "no change": a noisy run that happened to look better is not a recommendation.
  const improved = verified.filter((c) => c.comparison.tps.improved || c.comparison.p95.improved);
  const bestImproved = improved.length > 0 ? pickBest(improved, (c) => c.comparison, options.weights) : undefined;
  const chosen = bestImproved && bestImproved.score > 0 ? bestImproved.best : undefined;
  const shown = chosen ?? best?.best;
  return {
    repeats,
    baselineKnobs: options.baselineKnobs,
    baseline: measured.get(BASELINE)!,
    candidates: verified.map(({ comparison: _omit, ...rest }) => rest),
    chosen: chosen?.label ?? null,
    tpsRatio: shown ? shown.tpsRatio : unit(),
    p95Ratio: shown ? shown.p95Ratio : unit(),
    significant: chosen !== undefined,
    summary: summarize(shown, chosen !== undefined, (best?.score ?? 0) > 0, repeats),
  };
}

/** The baseline as it would have measured at position `at`, from the runs on either side. */
function interpolate(baseline: Run[], at: number): { tps: number; p95Ms: number } {
  const before = [...baseline].reverse().find((r) => r.at < at) ?? baseline[0]!;
  const after = baseline.find((r) => r.at > at) ?? before;
  const t = after.at === before.at ? 0 : (at - before.at) / (after.at - before.at);
  return { tps: before.tps + (after.tps - before.tps) * t, p95Ms: before.p95 + (after.p95 - before.p95) * t };
}

function summarize(shown: VerifiedCandidate | undefined, recommended: boolean, better: boolean, rounds: number): string {
  if (!shown) return 'no candidate could be verified';
  const pct = (x: number) => `${x >= 1 ? '+' : ''}${((x - 1) * 100).toFixed(1)}%`;
  const tps = `TPS ${pct(shown.tpsRatio.median)} (95% CI ${pct(shown.tpsRatio.low)} .. ${pct(shown.tpsRatio.high)})`;
  const p95 = `p95 latency ${pct(shown.p95Ratio.median)} (95% CI ${pct(shown.p95Ratio.low)} .. ${pct(shown.p95Ratio.high)})`;
  const measured = `${tps}, ${p95} over ${rounds} bracketed rounds`;
  if (recommended) return measured;
  if (!better) return `no improvement: the best candidate measured ${measured}`;
  return `no significant improvement: the best candidate measured ${measured}; the intervals include no change`;
}

function ratio(interval: StatsInterval): RatioInterval {
  return { median: interval.median, low: interval.low, high: interval.high };
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
