import type { ReportDocument, VerificationCandidate, VerificationSection } from './report-document';
import { formatConfidence, formatRatioEstimate } from './report-numbers';

/**
 * "TPS +12.0% (99.17% CI +4.0% .. +20.0%), p95 latency -8.0% (99.17% CI ...), 4 of at most 5
 * bracketed rounds, resolution ±6.1% TPS, a significant improvement".
 */
export function gainText(verification: VerificationSection): string {
  const shown = shownCandidate(verification);
  // The shown candidate's own rounds: it may have stopped before the others (the verdict line says the same).
  const rounds = shown?.rounds ?? verification.repeats;
  const level = verification.confidence;
  const planned = verification.maxRounds !== null && verification.maxRounds !== rounds ? ` of at most ${verification.maxRounds}` : '';
  const resolution = shown ? resolutionText(shown) : null;
  return (
    `TPS ${formatRatioEstimate(verification.tpsRatio, level)}, p95 latency ${formatRatioEstimate(verification.p95Ratio, level)}, ` +
    `${rounds}${planned} bracketed round${rounds === 1 && !planned ? '' : 's'}${resolution ? `, resolution ${resolution}` : ''}, ` +
    `${verification.significant ? 'a significant improvement' : 'no significant improvement'}`
  );
}

/** "±6.1% TPS": the resolution a candidate's verification reached; null when it has none (one pair, older sessions). */
export function resolutionText(candidate: VerificationCandidate): string | null {
  const r = candidate.tpsRatio.resolution;
  return r === null ? null : `±${(r * 100).toFixed(1)}% TPS`;
}

/** What the numbers of a verification are and what decided it, for the reader of a report. */
export function verificationMethodText(v: VerificationSection): string {
  if (v.maxRounds === null) {
    return `${v.repeats} bracketed rounds; ratios are candidate / baseline over the pairs of a round, with a 95% bootstrap interval (a session from before sequential verification).`;
  }
  const interval = `Ratios are candidate / baseline per bracketed pair (the baseline interpolated to the candidate's run), estimated as exp(mean log ratio) with a Student t interval on the log ratios`;
  const resolution =
    'The resolution (±X%) is the final interval\'s half-width on the ratio scale, exp(h) − 1 for half-width h of the log interval: a change smaller than that could not be told from no change.';
  if (v.looks === 0 || v.looks === null) {
    return `${interval} at 95%. With ${v.maxRounds} round${v.maxRounds === 1 ? '' : 's'} nothing can be called significant (at least 3 are needed). ${resolution}`;
  }
  const candidates = v.candidates.length;
  const gain = v.minGain === null ? '' : ` (better), or once neither interval reaches the smallest gain worth recommending, ${(v.minGain * 100).toFixed(1)}%`;
  return (
    `${interval} at ${formatConfidence(v.confidence)}: 95% split over ${candidates} candidate${candidates === 1 ? '' : 's'} and ${v.looks} look${v.looks === 1 ? '' : 's'} each (Bonferroni), ` +
    `so the chance of recommending anything when nothing differs stays below 5%. ` +
    `Rounds are sequential: from the 3rd on, a candidate stops once an interval excludes no change in the good direction${gain}; ` +
    `at most ${v.maxRounds} rounds. ${resolution}`
  );
}

/** A candidate's decision for people. */
export function decisionText(candidate: VerificationCandidate): string {
  switch (candidate.decision) {
    case 'better':
      return candidate.chosen ? 'better, recommended' : 'better';
    case 'below-min-gain':
      return 'below the gain worth a change';
    case 'undecided':
      return 'undecided';
    default:
      return candidate.chosen ? 'recommended' : '';
  }
}

function shownCandidate(v: VerificationSection): VerificationCandidate | undefined {
  const chosen = v.candidates.find((c) => c.chosen);
  if (chosen) return chosen;
  // The section's ratios are the best candidate's when none was chosen.
  return v.candidates.find((c) => c.tpsRatio.median === v.tpsRatio.median && c.p95Ratio.median === v.p95Ratio.median);
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
