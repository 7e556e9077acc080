import type { KnobSetting__Output as KnobSetting } from '../../proto/generated/autotune/v1/KnobSetting';
import type { IterationInput } from '../../lib/store/iteration-repository';
import type { VerificationRecord } from '../../lib/store/verification-record';

// A recommendation as a trainer leaves it in the store, for the tests that read it back
// through the Recommendation service or the CLI: the runs behind it and its verification.

/** The server's own work_mem (PostgreSQL's default) and the recommended one, 16 MB. */
export const BASELINE_KNOBS: KnobSetting[] = [{ name: 'work_mem', value: '4096' }];
export const RECOMMENDED_KNOBS: KnobSetting[] = [{ name: 'work_mem', value: '16384' }];

export interface VerificationOptions {
  baselineKnobs?: KnobSetting[];
  recommended?: KnobSetting[];
  /** Whether candidate-1 counts as better; when not, nothing is chosen. */
  significant?: boolean;
  summary?: string;
  caveats?: string[];
}

/** A verification over 3 repeats that found candidate-1 (the recommended knobs) 20% faster (95% CI +10% .. +30%), significant. */
export function verifiedRecommendation(options: VerificationOptions = {}): VerificationRecord {
  const significant = options.significant ?? true;
  return {
    repeats: 3,
    baselineKnobs: options.baselineKnobs ?? BASELINE_KNOBS,
    baseline: { tps: [100, 90, 110], latencyAvgMs: [2, 2.2, 1.8], p95Ms: [4, 5, 3], p99Ms: [8, 9, 7] },
    candidates: [
      {
        label: 'candidate-1',
        fromIteration: 1,
        knobs: options.recommended ?? RECOMMENDED_KNOBS,
        tps: [120, 130, 125],
        latencyAvgMs: [1.5, 1.6, 1.4],
        p95Ms: [3, 3.5, 2.5],
        p99Ms: [6, 7, 5],
        tpsRatio: { median: 1.2, low: 1.1, high: 1.3 },
        p95Ratio: { median: 0.8, low: 0.7, high: 0.9 },
      },
    ],
    chosen: significant ? 'candidate-1' : null,
    tpsRatio: { median: 1.2, low: 1.1, high: 1.3 },
    p95Ratio: { median: 0.8, low: 0.7, high: 0.9 },
    significant,
    summary: options.summary ?? 'TPS +20.0% (95% CI +10.0% .. +30.0%)',
    caveats: options.caveats ?? [],
    appliedBest: false,
  };
}

/** One measured run of a session to store: latency 2/4/6 ms (avg/p95/p99) on the baseline knobs unless `extra` says otherwise. */
export function measuredRun(sessionId: string, kind: IterationInput['kind'], n: number, tps: number, extra: Partial<IterationInput> = {}): IterationInput {
  return { sessionId, kind, n, knobs: BASELINE_KNOBS, tps, latencyAvgMs: 2, latencyP95Ms: 4, latencyP99Ms: 6, ...extra };
}
