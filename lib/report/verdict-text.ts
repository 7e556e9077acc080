import type { ReportDocument, VerificationSection } from './report-document';
import { formatRatioEstimate } from './report-numbers';

/** "TPS +12.0% (95% CI +4.0% .. +20.0%), p95 latency -8.0% (95% CI ...), 3 bracketed rounds, a significant improvement". */
export function gainText(verification: VerificationSection): string {
  const rounds = verification.repeats;
  return (
    `TPS ${formatRatioEstimate(verification.tpsRatio)}, p95 latency ${formatRatioEstimate(verification.p95Ratio)}, ` +
    `${rounds} bracketed round${rounds === 1 ? '' : 's'}, ${verification.significant ? 'a significant improvement' : 'no significant improvement'}`
  );
}

const HEADLINES: Record<ReportDocument['conclusion']['state'], string> = {
  recommended: 'recommended',
  'no-improvement': 'keep the current configuration',
  unavailable: 'no recommendation',
};

/** The verdict in a few words: "recommended", "keep the current configuration", "no recommendation". */
export function verdictHeadline(doc: ReportDocument): string {
  return HEADLINES[doc.conclusion.state];
}
