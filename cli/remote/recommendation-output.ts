import type { RecommendationReport__Output } from '../../proto/generated/autotune/v1/RecommendationReport';
import { NotFoundError } from '../../lib/core/errors';
import type { RecommendationClient } from '../../lib/grpc/clients/recommendation-client';
import { renderAlterSystem } from '../../lib/report/render-alter-system';
import { parseReportDocument } from '../../lib/report/report-document-schema';

/** What `recommend --format` prints: a psql script, a postgresql.conf snippet, or the report document. */
export const RECOMMENDATION_FORMATS = ['sql', 'conf', 'json'] as const;
export type RecommendationFormat = (typeof RECOMMENDATION_FORMATS)[number];

/**
 * The session `recommend INSTANCE` answers for: the instance's newest finished one, or a
 * continuous session that has verified a round (watching, or tuning a round after the first:
 * GetRecommendation answers with its latest round's). Its recommendation may be "keep the
 * current configuration"; that is the instance's latest verified answer, so an older session's
 * is not taken instead.
 * @throws NotFoundError naming the instance when it is unknown or has no finished session.
 */
export async function latestFinishedSession(client: RecommendationClient, instance: string): Promise<string> {
  const sessions = await client.listSessions(instance);
  const finished = sessions.find(
    (s) => s.status === 'finished' || (s.options?.continuous === true && (s.status === 'watching' || (s.status !== 'cancelled' && s.status !== 'failed' && s.round > 1))),
  );
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
export async function recommendationText(client: RecommendationClient, sessionId: string, format: RecommendationFormat): Promise<RecommendationText> {
  const report = await client.getRecommendation(sessionId);
  const approval = approvalLine(report);
  // A comment, so that the output still pipes into psql or appends to postgresql.conf as it is.
  if (format === 'conf') return { text: `${approval ? `# ${approval}\n` : ''}${report.postgresqlConf}`, approval };
  const doc = parseReportDocument(report.reportJson, 'report_json');
  if (format === 'sql') return { text: `${approval ? `-- ${approval}\n` : ''}${renderAlterSystem(doc)}`, approval };
  return { text: `${JSON.stringify(doc, null, 2)}\n`, approval };
}

export interface RecommendationText {
  text: string;
  /** Where the recommendation's approval stands, for people; undefined when nobody was asked. */
  approval: string | undefined;
}

/** One line on the approval of a recommendation that waits, or waited, for a person. */
function approvalLine(report: Pick<RecommendationReport__Output, 'sessionId' | 'approvalState' | 'decidedBy'>): string | undefined {
  switch (report.approvalState) {
    case 'pending':
      return `approval: pending; nothing is applied until someone runs: pg-autotune approve ${report.sessionId} (or reject it)`;
    case 'approved':
      return `approval: approved by ${report.decidedBy}; it was applied to the instance`;
    case 'rejected':
      return `approval: rejected by ${report.decidedBy}; nothing was applied`;
    default:
      return undefined;
  }
}
