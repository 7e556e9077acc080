import { NotFoundError } from '../../lib/core/errors';
import { RecommendationClient } from '../../lib/grpc/clients/recommendation-client';
import type { ReportDocument } from '../../lib/report/report-document';
import { isLatestSession } from './latest-session';

/**
 * `report --api ADDRESS`: the report document of a session (or the newest one) as the
 * Recommendation service at ADDRESS builds it, whichever store that service reads.
 * @throws NotFoundError for an unknown session or a service without sessions; UnavailableError when it does not answer.
 */
export async function apiReport(address: string, session: string): Promise<ReportDocument> {
  const client = new RecommendationClient(address);
  try {
    if (!isLatestSession(session)) return await client.getReport(session.trim());
    const [newest] = await client.listSessions();
    if (!newest) throw new NotFoundError(`the recommendation service at ${address} holds no session yet (a new one: \`pg-autotune tune\`)`);
    return await client.getReport(newest.id);
  } finally {
    client.close();
  }
}
