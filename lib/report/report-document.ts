import type { SessionOptions } from '../../proto/generated/autotune/v1/SessionOptions';
import type { AblationVerdict } from '../store/verification-record';
import type { IterationKind } from '../store/iteration-repository';
import type { SessionStatus } from '../store/session-repository';

/**
 * The report's public JSON format: `pg-autotune report --json`, `tune --json`, and the
 * Recommendation service's `report_json`. Member names are camelCase (as proto3's JSON mapping
 * writes the service's messages); times are ISO 8601 strings in UTC; latencies are
 * milliseconds; knob values are text in pg_settings' base unit of the knob (work_mem "65536"
 * means 65536 kB), the unit being listed once in `knobs`. A number the session could not
 * measure is null, never 0. Fields are only ever added within v1; a change of meaning is v2.
 */
export const REPORT_FORMAT = 'pg-autotune-report/v1' as const;

export interface ReportDocument {
  format: typeof REPORT_FORMAT;
  /** When this document was built. */
  generatedAt: string;
  session: ReportSession;
  instance: ReportInstance;
  /** The tuned knobs: unit, scale and whether a change needs a restart; catalog order. */
  knobs: KnobInfo[];
  /**
   * The configuration found on the server: the medians of its verification runs when the
   * session was verified, else of its baseline run(s); null before the first baseline run.
   */
  baseline: MeasuredConfig | null;
  /** The verified recommendation; null when there is none (see `conclusion` for why). */
  recommended: RecommendedConfig | null;
  /** One line on what the session concluded, and why there is no recommendation when there is none. */
  conclusion: ReportConclusion;
  /** Each tuned knob, baseline -> recommended (recommended null when there is no recommendation). */
  knobChanges: KnobChange[];
  /** Knobs changed by the recommendation that take effect only after a restart. */
  restartRequiredFor: string[];
  /** The Finish step's interleaved re-runs; null before the session verified anything. */
  verification: VerificationSection | null;
  /**
   * What each changed knob of the recommendation is worth, each reverted alone; null when there
   * was no significant recommendation, with ablation_rounds 0, and for older sessions.
   */
  ablation: AblationSection | null;
  /** The baseline configuration's TPS across the session (baseline and drift runs). */
  drift: DriftSummary | null;
  /** Every run of the session, in the order it happened. */
  iterations: ReportIteration[];
}

export interface ReportSession {
  id: string;
  status: SessionStatus;
  /** The options as stored when the session was created. */
  options: SessionOptions;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** finishedAt - startedAt (or now - startedAt while it runs), seconds. */
  durationS: number | null;
  error: string | null;
  stepsDone: number;
  /** SessionOptions.iterations; null when the session was created without it. */
  stepsPlanned: number | null;
}

export interface ReportInstance {
  id: string;
  name: string;
  /** The target server's DSN, never with a password. */
  target: string | null;
  serverVersion: string | null;
  collectorAddress: string;
  host: { memoryBytes: number | null; cpus: number | null };
}

export interface KnobInfo {
  name: string;
  /** pg_settings' base unit ('kB', '8kB', 'MB', 'ms', 's'); null for unitless and unknown knobs. */
  unit: string | null;
  /** How the tuner spread the knob over its range; null for a knob pg-autotune does not know. */
  scale: 'log' | 'linear' | null;
  restartRequired: boolean;
}

/** A knob's value: as stored (base unit) and as people read it ("64MB", "5min"). */
export interface ReportKnob {
  name: string;
  value: string;
  display: string;
}

/** A knob value of one run, as stored. */
export interface KnobValue {
  name: string;
  value: string;
}

export interface LatencySummary {
  avgMs: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
}

export interface MeasuredConfig {
  knobs: ReportKnob[];
  /** Median over `runs` runs. */
  tps: number | null;
  /** Medians over `runs` runs, each statistic on its own. */
  latency: LatencySummary;
  runs: number;
  /** 'verification': the interleaved Finish re-runs; 'baseline-runs': the session's baseline measurement(s). */
  source: 'verification' | 'baseline-runs';
}

export interface RecommendedConfig extends MeasuredConfig {
  /** The verification label ("candidate-2"). */
  label: string;
  /** The tuning step (n) the configuration was found at. */
  fromIteration: number;
  /** The session left it applied (--apply-best); otherwise the original config was restored. */
  appliedBest: boolean;
}

export interface ReportConclusion {
  /** recommended: a candidate beat the baseline; no-improvement: verified, keep the current config; unavailable: not verified (yet). */
  state: 'recommended' | 'no-improvement' | 'unavailable';
  text: string;
}

export interface KnobChange {
  name: string;
  from: string | null;
  to: string | null;
  fromDisplay: string | null;
  toDisplay: string | null;
  changed: boolean;
  restartRequired: boolean;
}

export interface RatioEstimate {
  /**
   * The ratio candidate / baseline: exp(mean of the per-pair log ratios), the median ratio
   * when the log ratios are symmetric (the median of the per-pair ratios in older sessions).
   */
  median: number;
  /** The interval at the verification's `confidence` (Student t on the log ratios; a 95% bootstrap in older sessions). */
  low: number;
  high: number;
  /**
   * The resolution: exp(h) - 1 for the interval's half-width h on the log scale, as a
   * fraction. A change smaller than +-this could not be told from no change. Null with a
   * single pair (no interval) and for older sessions.
   */
  resolution: number | null;
}

/** Repeated measurements of one configuration, in run order. */
export interface RunSeries {
  tps: number[];
  latencyAvgMs: number[];
  p95Ms: number[];
  p99Ms: number[];
}

export interface VerificationCandidate {
  label: string;
  fromIteration: number;
  knobs: ReportKnob[];
  /** Above 1 is better. */
  tpsRatio: RatioEstimate;
  /** Below 1 is better. */
  p95Ratio: RatioEstimate;
  runs: RunSeries;
  /** Medians of `runs`. */
  tps: number | null;
  latency: LatencySummary;
  chosen: boolean;
  /** Bracketed rounds this candidate ran before it stopped; null for older sessions. */
  rounds: number | null;
  /**
   * Why it stopped: better (an interval excludes no change in the good direction), below-min-gain
   * (neither interval reaches minGain), undecided (rounds or time ran out); null for older sessions.
   */
  decision: 'better' | 'below-min-gain' | 'undecided' | null;
}

export interface VerificationSection {
  /** Bracketed rounds run (the baseline's; candidates that stopped early ran fewer). */
  repeats: number;
  /** The most rounds allowed (verify_repeats); null for older sessions. */
  maxRounds: number | null;
  /** The smallest gain worth recommending, a fraction; null for older sessions. */
  minGain: number | null;
  /**
   * Level of every interval in this section: 1 - 0.05 / (candidates x looks), so that the
   * chance of recommending anything when nothing differs is at most 5% (0.95 for older sessions).
   */
  confidence: number;
  /** Looks planned per candidate (one after each round from the 3rd); 0: too few rounds to call anything; null for older sessions. */
  looks: number | null;
  /** The chosen candidate's ratios, or the best candidate's when none was chosen. */
  tpsRatio: RatioEstimate;
  p95Ratio: RatioEstimate;
  /** The TPS interval lies above 1 or the p95 interval below 1. */
  significant: boolean;
  summary: string;
  /** What the measurement cannot see. */
  caveats: string[];
  /** Label of the recommended candidate; null when none beat the baseline. */
  chosen: string | null;
  appliedBest: boolean;
  baselineRuns: RunSeries;
  candidates: VerificationCandidate[];
}

/** One changed knob reverted alone (KnobAblation in recommendation.proto). */
export interface KnobAblation {
  knob: string;
  /** Its value in the recommendation, and the baseline value it was reverted to (base unit, as stored). */
  recommended: string;
  reverted: string;
  recommendedDisplay: string;
  revertedDisplay: string;
  /** TPS recommended / without this knob: above 1, the knob adds TPS. */
  tpsWorth: RatioEstimate;
  /** p95 recommended / without this knob: below 1, the knob lowers p95. */
  p95Worth: RatioEstimate;
  /** carries gain | adds nothing measurable | hurts | mixed | not measured (lib/store/verification-record.ts). */
  verdict: AblationVerdict;
  /** Pairs measured. */
  rounds: number;
}

export interface AblationSection {
  /** Bracketed rounds run, and the rounds asked for (ablation_rounds). */
  rounds: number;
  maxRounds: number;
  /** Level of every interval in this section: 1 - 0.05 / knobs (Bonferroni). */
  confidence: number;
  /** The smallest gain worth a change, a fraction, below which a knob's gain "adds nothing measurable". */
  minGain: number;
  knobs: KnobAblation[];
  /** Why no knob was measured (one knob changed, too many, a failed run); null when they were. */
  skipped: string | null;
}

export interface DriftSummary {
  /** Baseline and drift runs that measured a TPS. */
  runs: number;
  firstTps: number;
  lastTps: number;
  minTps: number;
  maxTps: number;
  /** lastTps / firstTps - 1: how far the same configuration moved during the session. */
  change: number;
}

export interface ReportIteration {
  /** 1-based position in the session's run order. */
  seq: number;
  kind: IterationKind;
  /** Number within the kind. */
  n: number;
  /** Verification and ablation runs: which configuration ("baseline", "candidate-1", "without work_mem", ...); null otherwise. */
  label: string | null;
  /** Verification and ablation runs: the 0-based round; null otherwise. */
  round: number | null;
  knobs: KnobValue[];
  /** Null when the run failed or was rolled back. */
  tps: number | null;
  latency: LatencySummary;
  reward: number | null;
  error: string | null;
  restarted: boolean;
  rolledBack: boolean;
  at: string;
}
