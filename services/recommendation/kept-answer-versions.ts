import type { RecommendationVersion } from '../../lib/store/recommendation-repository';
import type { SessionStatus } from '../../lib/store/session-repository';

/**
 * The versions the Recommendation API keeps its answers of finished sessions under (see
 * FinishedReportCache): undefined where an answer must be built on every call. Timestamps
 * are the store's, to the millisecond (what a Date holds).
 */

/**
 * GetRecommendation's: the recommendation as created and decided on. A pending one is never
 * kept: a person is about to decide on it, possibly through another process.
 */
export function recommendationVersion(status: SessionStatus, recommendation: RecommendationVersion | null): string | undefined {
  if (status !== 'finished' || recommendation === null || recommendation.approvalState === 'pending') return undefined;
  const { createdAt, approvalState, decidedBy, decidedAt } = recommendation;
  return JSON.stringify([createdAt.toISOString(), approvalState, decidedBy, decidedAt?.toISOString() ?? null]);
}

/** GetReport's: the report document shows the recommendation but not its decision. */
export function reportVersion(status: SessionStatus, recommendation: RecommendationVersion | null): string | undefined {
  if (status !== 'finished') return undefined;
  return recommendation === null ? 'none' : recommendation.createdAt.toISOString();
}
