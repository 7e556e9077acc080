import type { KnobSetting__Output as KnobSetting } from '../../proto/generated/autotune/v1/KnobSetting';
import { KNOB_CATALOG } from '../../knobs/knob-catalog';
import { NotFoundError } from '../core/errors';
import type { InstanceRecord, InstanceRepository } from '../store/instance-repository';
import type { IterationRecord, IterationRepository } from '../store/iteration-repository';
import type { RecommendationRecord, RecommendationRepository } from '../store/recommendation-repository';
import { redactSecrets } from '../core/redact-secrets';
import type { SessionRecord, SessionRepository } from '../store/session-repository';
import type { AblationRecord, MeasuredRuns, RatioInterval as StoredRatio, VerificationRecord } from '../store/verification-record';
import { displayKnobValue, knobInfo, knobNumber } from './knob-display';
import { median } from './report-numbers';
import {
  REPORT_FORMAT,
  type AblationSection,
  type DriftSummary,
  type KnobChange,
  type KnobInfo,
  type LatencySummary,
  type MeasuredConfig,
  type RatioEstimate,
  type RecommendedConfig,
  type ReportConclusion,
  type ReportDocument,
  type ReportIteration,
  type ReportKnob,
  type ReportSession,
  type VerificationSection,
} from './report-document';
import { readStoredVerification } from './stored-verification';

/** What buildReport reads: the metadata store's repositories (a MetadataStore is one). */
export interface ReportSource {
  sessions: Pick<SessionRepository, 'get'>;
  instances: Pick<InstanceRepository, 'get'>;
  iterations: Pick<IterationRepository, 'list'>;
  recommendations: Pick<RecommendationRepository, 'get'>;
}

export interface BuildReportOptions {
  /** The time the report is built at (generatedAt, a running session's duration). @defaultValue now */
  now?: Date;
}

/**
 * The report document of a session, from its stored rows: the session and instance, every
 * iteration, and the verified recommendation when there is one. A session without one
 * (pending, running, failed, cancelled) still gets a report: `recommended` is null and
 * `conclusion` says why.
 * @throws NotFoundError when no session has this id.
 */
export async function buildReport(store: ReportSource, sessionId: string, options: BuildReportOptions = {}): Promise<ReportDocument> {
  const now = options.now ?? new Date();
  const session = await store.sessions.get(sessionId);
  const [instance, rows, recommendation] = await Promise.all([
    store.instances.get(session.instanceId),
    store.iterations.list(session.id),
    store.recommendations.get(session.id).catch((err: unknown) => {
      if (err instanceof NotFoundError) return undefined;
      throw err;
    }),
  ]);
  const stored = recommendation ? readStoredVerification(recommendation.report) : undefined;
  const verification = stored?.ok ? stored.record : undefined;
  const iterations = rows.map(toIteration);

  const baselineRows = rows.filter((r) => r.kind === 'baseline');
  const baselineKnobs = verification?.baselineKnobs ?? baselineRows[0]?.knobs ?? [];
  const chosen = verification?.candidates.find((c) => c.label === verification.chosen);
  const recommendedKnobs = chosen ? (recommendation!.knobs.length > 0 ? recommendation!.knobs : chosen.knobs) : undefined;
  const knobs = knobInfos([baselineKnobs, recommendedKnobs ?? [], ...rows.map((r) => r.knobs)]);

  let baseline: MeasuredConfig | null = null;
  if (verification && verification.baseline.tps.length > 0) {
    baseline = { knobs: reportKnobs(baselineKnobs), ...medians(verification.baseline), source: 'verification' };
  } else if (baselineRows.length > 0) {
    baseline = { knobs: reportKnobs(baselineKnobs), ...medians(runsOf(baselineRows)), source: 'baseline-runs' };
  }

  const recommended: RecommendedConfig | null =
    chosen && recommendedKnobs
      ? {
          knobs: reportKnobs(recommendedKnobs),
          ...medians(chosen),
          source: 'verification',
          label: chosen.label,
          fromIteration: chosen.fromIteration,
          appliedBest: verification!.appliedBest,
        }
      : null;

  const knobChanges = changes(knobs, baselineKnobs, recommendedKnobs);
  return {
    format: REPORT_FORMAT,
    generatedAt: now.toISOString(),
    session: toSession(session, now),
    instance: toInstance(instance),
    knobs,
    baseline,
    recommended,
    conclusion: conclude(session, recommendation, stored, verification),
    knobChanges,
    restartRequiredFor: knobChanges.filter((c) => c.changed && c.restartRequired).map((c) => c.name),
    verification: verification ? toVerification(verification) : null,
    ablation: verification?.ablation ? toAblation(verification.ablation) : null,
    drift: drift(iterations),
    iterations,
  };
}

function toSession(session: SessionRecord, now: Date): ReportSession {
  const end = session.finishedAt ?? (session.status === 'running' || session.status === 'verifying' ? now : null);
  const planned = session.options.iterations;
  return {
    id: session.id,
    status: session.status,
    options: session.options,
    createdAt: session.createdAt.toISOString(),
    startedAt: session.startedAt?.toISOString() ?? null,
    finishedAt: session.finishedAt?.toISOString() ?? null,
    durationS: session.startedAt && end ? Math.max(0, (end.getTime() - session.startedAt.getTime()) / 1000) : null,
    error: session.error,
    stepsDone: session.iterationsDone,
    stepsPlanned: typeof planned === 'number' && planned > 0 ? planned : null,
  };
}

function toInstance(instance: InstanceRecord): ReportDocument['instance'] {
  return {
    id: instance.id,
    name: instance.name,
    // Stored without a password already; redacted again in case another writer was careless.
    target: instance.target === null ? null : redactSecrets(instance.target),
    serverVersion: instance.serverVersion,
    collectorAddress: instance.collectorAddress,
    host: { memoryBytes: instance.hostMemoryBytes, cpus: instance.hostCpus },
  };
}

function toIteration(row: IterationRecord, index: number): ReportIteration {
  const labelled = row.kind === 'verify' || row.kind === 'ablation';
  const label = labelled && typeof row.metrics.label === 'string' ? row.metrics.label : null;
  const round = labelled && typeof row.metrics.round === 'number' ? row.metrics.round : null;
  return {
    seq: index + 1,
    kind: row.kind,
    n: row.n,
    label,
    round,
    knobs: row.knobs.map((k) => ({ name: k.name, value: k.value })),
    tps: row.tps,
    latency: { avgMs: row.latencyAvgMs, p95Ms: row.latencyP95Ms, p99Ms: row.latencyP99Ms },
    reward: row.reward,
    error: row.error,
    restarted: row.restarted,
    rolledBack: row.rolledBack,
    at: row.createdAt.toISOString(),
  };
}

/** Every knob that appears anywhere in the session: catalog order first, then others as met. */
function knobInfos(knobLists: readonly KnobSetting[][]): KnobInfo[] {
  const seen = new Set<string>();
  for (const list of knobLists) for (const k of list) seen.add(k.name);
  const known = KNOB_CATALOG.map((k) => k.name).filter((name) => seen.has(name));
  const others = [...seen].filter((name) => !known.includes(name));
  return [...known, ...others].map(knobInfo);
}

function reportKnobs(knobs: readonly KnobSetting[]): ReportKnob[] {
  return knobs.map((k) => ({ name: k.name, value: k.value, display: displayKnobValue(k.name, k.value) }));
}

function changes(knobs: KnobInfo[], baseline: readonly KnobSetting[], recommended: readonly KnobSetting[] | undefined): KnobChange[] {
  const from = new Map(baseline.map((k) => [k.name, k.value]));
  const to = new Map((recommended ?? []).map((k) => [k.name, k.value]));
  return knobs
    .filter((k) => from.has(k.name) || to.has(k.name))
    .map((k) => {
      const a = from.get(k.name) ?? null;
      const b = to.get(k.name) ?? null;
      return {
        name: k.name,
        from: a,
        to: b,
        fromDisplay: a === null ? null : displayKnobValue(k.name, a),
        toDisplay: b === null ? null : displayKnobValue(k.name, b),
        changed: b !== null && !sameValue(k.name, a, b),
        restartRequired: k.restartRequired,
      };
    });
}

function sameValue(name: string, a: string | null, b: string): boolean {
  if (a === null) return false;
  const x = knobNumber(name, a);
  const y = knobNumber(name, b);
  return x !== undefined && y !== undefined ? x === y : a.trim() === b.trim();
}

function runsOf(rows: readonly IterationRecord[]): MeasuredRuns {
  const ok = rows.filter((r) => r.tps !== null);
  return {
    tps: ok.map((r) => r.tps!),
    latencyAvgMs: ok.map((r) => r.latencyAvgMs ?? Number.NaN),
    p95Ms: ok.map((r) => r.latencyP95Ms ?? Number.NaN),
    p99Ms: ok.map((r) => r.latencyP99Ms ?? Number.NaN),
  };
}

function medians(runs: MeasuredRuns): { tps: number | null; latency: LatencySummary; runs: number } {
  return {
    tps: median(runs.tps),
    latency: { avgMs: median(runs.latencyAvgMs), p95Ms: median(runs.p95Ms), p99Ms: median(runs.p99Ms) },
    runs: runs.tps.length,
  };
}

function toVerification(record: VerificationRecord): VerificationSection {
  return {
    repeats: record.repeats,
    maxRounds: record.maxRounds ?? null,
    minGain: record.minGain ?? null,
    confidence: record.confidence ?? 0.95,
    looks: record.looks ?? null,
    tpsRatio: estimate(record.tpsRatio),
    p95Ratio: estimate(record.p95Ratio),
    significant: record.significant,
    summary: record.summary,
    caveats: record.caveats,
    chosen: record.chosen,
    appliedBest: record.appliedBest,
    baselineRuns: seriesOf(record.baseline),
    candidates: record.candidates.map((c) => {
      const { tps, latency } = medians(c);
      return {
        label: c.label,
        fromIteration: c.fromIteration,
        knobs: reportKnobs(c.knobs),
        tpsRatio: estimate(c.tpsRatio),
        p95Ratio: estimate(c.p95Ratio),
        runs: seriesOf(c),
        tps,
        latency,
        chosen: c.label === record.chosen,
        rounds: c.rounds ?? null,
        decision: c.decision ?? null,
      };
    }),
  };
}

function toAblation(record: AblationRecord): AblationSection {
  return {
    rounds: record.rounds,
    maxRounds: record.maxRounds,
    confidence: record.confidence,
    minGain: record.minGain,
    knobs: record.knobs.map((k) => ({
      knob: k.knob,
      recommended: k.recommended,
      reverted: k.reverted,
      recommendedDisplay: displayKnobValue(k.knob, k.recommended),
      revertedDisplay: displayKnobValue(k.knob, k.reverted),
      tpsWorth: estimate(k.tpsWorth),
      p95Worth: estimate(k.p95Worth),
      verdict: k.verdict,
      rounds: k.rounds,
    })),
    skipped: record.skipped,
  };
}

function estimate(ratio: StoredRatio): RatioEstimate {
  return { median: ratio.median, low: ratio.low, high: ratio.high, resolution: ratio.resolution ?? null };
}

function seriesOf(runs: MeasuredRuns): MeasuredRuns {
  return { tps: runs.tps, latencyAvgMs: runs.latencyAvgMs, p95Ms: runs.p95Ms, p99Ms: runs.p99Ms };
}

function drift(iterations: readonly ReportIteration[]): DriftSummary | null {
  const tps = iterations.filter((i) => (i.kind === 'baseline' || i.kind === 'drift') && i.tps !== null).map((i) => i.tps!);
  if (tps.length === 0) return null;
  const first = tps[0]!;
  const last = tps[tps.length - 1]!;
  return { runs: tps.length, firstTps: first, lastTps: last, minTps: Math.min(...tps), maxTps: Math.max(...tps), change: first > 0 ? last / first - 1 : 0 };
}

function conclude(
  session: SessionRecord,
  recommendation: RecommendationRecord | undefined,
  stored: ReturnType<typeof readStoredVerification> | undefined,
  verification: VerificationRecord | undefined,
): ReportConclusion {
  if (verification) {
    const chosen = verification.chosen !== null && verification.candidates.some((c) => c.label === verification.chosen);
    return { state: chosen ? 'recommended' : 'no-improvement', text: verification.summary };
  }
  if (recommendation && stored && !stored.ok) {
    return { state: 'unavailable', text: `the stored recommendation is not in a format this version reads (${stored.reason})` };
  }
  const steps = session.options.iterations ? `step ${session.iterationsDone} of ${session.options.iterations}` : `${session.iterationsDone} steps done`;
  const texts: Record<SessionRecord['status'], string> = {
    pending: 'the session has not started yet; nothing was measured',
    running: `the session is still tuning (${steps}); a recommendation comes only after its verification`,
    verifying: 'the session is verifying its best candidates against the baseline; the recommendation follows',
    paused: `the session is paused (${session.pausedReason ?? 'its collector could not be reached'}); a recommendation comes only after it resumes and verifies`,
    watching: 'the continuous session is watching the configuration in force between rounds',
    finished: 'the session finished without storing a recommendation',
    failed: `the session failed${session.error ? `: ${session.error}` : ''}; it made no recommendation`,
    cancelled: 'the session was cancelled before it verified a recommendation',
  };
  return { state: 'unavailable', text: texts[session.status] };
}
