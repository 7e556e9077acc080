import type { MetadataStore } from '../../lib/store/metadata-store';
import type { RecommendationRecord } from '../../lib/store/recommendation-repository';
import type { VerificationRecord } from '../../lib/store/verification-record';
import type { RunMeasurement } from './verification-stats';

/** verify-candidates.ts's label of the baseline's runs. */
const BASELINE_LABEL = 'baseline';

/**
 * The last verified level of the configuration in force: the latest round's verification runs
 * of the recommendation when it is in force (kept by apply-best, or approved), of the round's
 * baseline otherwise (nothing significant, pending, or rejected: the baseline stayed).
 */
export async function verifiedLevel(store: MetadataStore, sessionId: string): Promise<RunMeasurement[]> {
  const recommendation = await store.recommendations.get(sessionId);
  const label = inForceLabel(recommendation);
  const runs = await store.iterations.list(sessionId, 'verify', recommendation.round);
  // Failed runs store no TPS (session-runner.ts): they measured nothing.
  return runs.flatMap((row) =>
    row.metrics.label === label && row.error === null && row.tps !== null && row.tps > 0 && row.latencyP95Ms !== null && row.latencyP95Ms > 0
      ? [{ tps: row.tps, p95Ms: row.latencyP95Ms }]
      : [],
  );
}

/** Which verification runs measured the configuration in force. */
export function inForceLabel(recommendation: Pick<RecommendationRecord, 'report' | 'approvalState'>): string {
  const report = recommendation.report as unknown as Pick<VerificationRecord, 'chosen' | 'appliedBest'>;
  const applied = report.appliedBest === true || recommendation.approvalState === 'approved';
  return applied && report.chosen ? report.chosen : BASELINE_LABEL;
}
