import type { BenchmarkResult } from '../../proto/generated/autotune/v1/BenchmarkResult';
import type { RecommendationReport } from '../../proto/generated/autotune/v1/RecommendationReport';
import { alterSystemStatements } from './render-alter-system';
import { renderPostgresqlConf } from './render-postgresql-conf';
import type { MeasuredConfig, ReportDocument } from './report-document';

/**
 * The Recommendation service's GetRecommendation answer, from the report document: the
 * knobs, the medians, the ratios, the ALTER SYSTEM statements and conf snippet, and the whole
 * document as `report_json`. Without a recommendation, the recommended fields stay empty and
 * `summary` says why.
 */
export function toRecommendationReport(doc: ReportDocument): RecommendationReport {
  const v = doc.verification;
  return {
    sessionId: doc.session.id,
    baselineKnobs: (doc.baseline?.knobs ?? []).map(({ name, value }) => ({ name, value })),
    recommendedKnobs: (doc.recommended?.knobs ?? []).map(({ name, value }) => ({ name, value })),
    baseline: benchmark(doc.baseline),
    recommended: benchmark(doc.recommended),
    tpsRatio: v ? { ...v.tpsRatio } : null,
    p95Ratio: v ? { ...v.p95Ratio } : null,
    significant: v?.significant ?? false,
    alterSystem: alterSystemStatements(doc),
    postgresqlConf: renderPostgresqlConf(doc),
    summary: doc.conclusion.text,
    reportJson: JSON.stringify(doc),
  };
}

// proto3 has no null for a double: an unmeasured figure is left unset (0 on the wire).
function benchmark(config: MeasuredConfig | null): BenchmarkResult | null {
  if (!config || config.tps === null) return null;
  const { avgMs, p95Ms, p99Ms } = config.latency;
  return {
    tps: config.tps,
    latency: { ...(avgMs !== null && { avgMs }), ...(p95Ms !== null && { p95Ms }), ...(p99Ms !== null && { p99Ms }) },
  };
}
