import { NotFoundError } from '../../lib/core/errors';
import type { RecommendationClient } from '../../lib/grpc/clients/recommendation-client';
import { renderAlterSystem } from '../../lib/report/render-alter-system';
import { parseReportDocument } from '../../lib/report/report-document-schema';

/** What `recommend --format` prints: a psql script, a postgresql.conf snippet, or the report document. */
export const RECOMMENDATION_FORMATS = ['sql', 'conf', 'json'] as const;
export type RecommendationFormat = (typeof RECOMMENDATION_FORMATS)[number];

/**
 * The session `recommend INSTANCE` answers for: the instance's newest finished one. Its
 * recommendation may be "keep the current configuration"; that is the instance's latest
 * verified answer, so an older session's is not taken instead.
 * @throws NotFoundError naming the instance when it is unknown or has no finished session.
 */
export async function latestFinishedSession(client: RecommendationClient, instance: string): Promise<string> {
  const sessions = await client.listSessions(instance);
  const finished = sessions.find((s) => s.status === 'finished');
  if (finished) return finished.id;
  const newest = sessions[0];
  const why = newest
    ? `its newest session ${newest.id} is ${newest.status} (follow it: pg-autotune sessions watch ${newest.id})`
    : `it has no session yet (start one: pg-autotune sessions start ${instance})`;
  throw new NotFoundError(`instance "${instance}" has no finished session: ${why}`);
}

/**
 * The verified recommendation of a session in the format asked for, as GetRecommendation
 * answers it: rendered by lib/report, the one place recommendations are rendered.
 * @throws NotFoundError for an unknown session or one without a recommendation.
 */
export async function recommendationText(client: RecommendationClient, sessionId: string, format: RecommendationFormat): Promise<string> {
  const report = await client.getRecommendation(sessionId);
  if (format === 'conf') return report.postgresqlConf;
  const doc = parseReportDocument(report.reportJson, 'report_json');
  return format === 'sql' ? renderAlterSystem(doc) : `${JSON.stringify(doc, null, 2)}\n`;
}
