import type { BenchmarkResult } from '../../proto/generated/autotune/v1/BenchmarkResult';
import type { KnobAblation } from '../../proto/generated/autotune/v1/KnobAblation';
import type { KnobSetting } from '../../proto/generated/autotune/v1/KnobSetting';
import type { RatioEstimate } from '../../proto/generated/autotune/v1/RatioEstimate';
import type { RecommendationReport } from '../../proto/generated/autotune/v1/RecommendationReport';
import type { RecommendationRecord } from '../../lib/store/recommendation-repository';
import type { SessionRecord } from '../../lib/store/session-repository';
import type { MeasuredRuns } from '../../lib/store/verification-record';

/**
 * The numbers of a stored recommendation as the RecommendationReport message, without the
 * rendered views (alter_system, postgresql_conf, report_json: fillRendered adds them).
 *
 * The report stored by the trainer is a VerificationRecord. It is read defensively (it is
 * JSON from the store): a missing part becomes an empty or null field, never an exception.
 * `baseline` and `recommended` are the medians of the interleaved verification runs of each
 * configuration; `recommended` is null when no candidate beat the baseline (the recommended
 * knobs are then the baseline's: keep the current configuration).
 */
export function toRecommendationReport(stored: RecommendationRecord, session: SessionRecord): RecommendationReport {
  const report = stored.report;
  const chosen = typeof report.chosen === 'string' ? report.chosen : null;
  const candidates = Array.isArray(report.candidates) ? (report.candidates as unknown[]) : [];
  const chosenCandidate = candidates.find((c) => isRecord(c) && c.label === chosen);
  const bench = session.options?.benchmark;
  const context = { durationS: bench?.durationS ?? 0, clients: bench?.clients ?? 0 };
  return {
    sessionId: stored.sessionId,
    round: stored.round,
    baselineKnobs: knobList(report.baselineKnobs),
    recommendedKnobs: knobList(stored.knobs),
    baseline: medians(report.baseline, context),
    recommended: chosenCandidate ? medians(chosenCandidate, context) : null,
    tpsRatio: ratio(report.tpsRatio),
    p95Ratio: ratio(report.p95Ratio),
    significant: report.significant === true,
    summary: typeof report.summary === 'string' ? report.summary : '',
    ablation: ablationRows(report.ablation),
    approvalState: stored.approvalState,
    decidedBy: stored.decidedBy ?? '',
  };
}

/** The stored ablation's knobs (lib/store/verification-record.ts) as KnobAblation messages; none when there was no ablation. */
function ablationRows(value: unknown): KnobAblation[] {
  if (!isRecord(value) || !Array.isArray(value.knobs)) return [];
  return value.knobs.filter(isRecord).map((k) => ({
    knob: String(k.knob ?? ''),
    recommendedValue: String(k.recommended ?? ''),
    revertedValue: String(k.reverted ?? ''),
    tpsWorth: ratio(k.tpsWorth),
    p95Worth: ratio(k.p95Worth),
    verdict: String(k.verdict ?? ''),
    rounds: typeof k.rounds === 'number' ? k.rounds : 0,
  }));
}

/** The middle value (mean of the two middle ones for an even count); NaN for none. */
function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function medians(value: unknown, context: { durationS: number; clients: number }): BenchmarkResult | null {
  const runs = measuredRuns(value);
  if (!runs || runs.tps.length === 0) return null;
  const m = (xs: number[]) => (xs.length === 0 ? 0 : median(xs));
  return {
    tps: m(runs.tps),
    latency: { avgMs: m(runs.latencyAvgMs), p50Ms: 0, p95Ms: m(runs.p95Ms), p99Ms: m(runs.p99Ms), stddevMs: 0, maxMs: 0 },
    durationS: context.durationS,
    clients: context.clients,
  };
}

function measuredRuns(value: unknown): MeasuredRuns | undefined {
  if (!isRecord(value)) return undefined;
  return { tps: numbers(value.tps), latencyAvgMs: numbers(value.latencyAvgMs), p95Ms: numbers(value.p95Ms), p99Ms: numbers(value.p99Ms) };
}

function ratio(value: unknown): RatioEstimate | null {
  if (!isRecord(value) || typeof value.median !== 'number') return null;
  const num = (x: unknown) => (typeof x === 'number' ? x : 0);
  return { median: value.median, low: num(value.low), high: num(value.high) };
}

function knobList(value: unknown): KnobSetting[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isRecord).map((k) => ({ name: String(k.name ?? ''), value: String(k.value ?? '') }));
}

function numbers(value: unknown): number[] {
  return Array.isArray(value) ? value.filter((x): x is number => typeof x === 'number' && Number.isFinite(x)) : [];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
