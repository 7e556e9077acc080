import type { RecommendationReport } from '../../proto/generated/autotune/v1/RecommendationReport';
import { buildReport, type ReportSource } from '../../lib/report/build-report';
import { alterSystemStatements } from '../../lib/report/render-alter-system';
import { renderPostgresqlConf } from '../../lib/report/render-postgresql-conf';

export interface RenderContext {
  /** Where buildReport reads the session, its instance, runs and recommendation (a MetadataStore is one). */
  store: ReportSource;
  sessionId: string;
}

/**
 * Fills the three rendered fields of a report from lib/report, the one place that
 * renders recommendations (the CLI's report command uses the same functions):
 * alter_system (bare ALTER SYSTEM statements), postgresql_conf (a commented snippet) and
 * report_json (the full report document, format pg-autotune-report/v1).
 */
export async function fillRendered(report: RecommendationReport, context: RenderContext): Promise<RecommendationReport> {
  const doc = await buildReport(context.store, context.sessionId);
  return {
    ...report,
    alterSystem: alterSystemStatements(doc),
    postgresqlConf: renderPostgresqlConf(doc),
    reportJson: JSON.stringify(doc),
  };
}
