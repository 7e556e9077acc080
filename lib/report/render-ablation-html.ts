import { ablationMethodText, ablationSummaryText } from './ablation-text';
import { escapeHtml as e } from './html-escape';
import { ratioBar, ratioDomain } from './report-charts';
import type { KnobAblation, RatioEstimate, ReportDocument } from './report-document';
import { formatChange, formatConfidence } from './report-numbers';

const VERDICT_TAGS: Record<KnobAblation['verdict'], string> = {
  'carries gain': '<span class="tag good">carries gain</span>',
  hurts: '<span class="tag">hurts</span>',
  'adds nothing measurable': 'adds nothing measurable',
  mixed: 'mixed',
  'not measured': 'not measured',
};

/**
 * The report page's ablation section: per changed knob, its values, what it is worth with
 * the interval as a bar (TPS above 1 and p95 below 1: the knob helps), the verdict, and the
 * smaller change the verdicts point to. Empty when the document has no ablation.
 */
export function ablationHtml(doc: ReportDocument): string {
  const a = doc.ablation;
  if (!a) return '';
  const summary = `<p>${e(ablationSummaryText(a))}</p>`;
  if (a.skipped !== null || a.knobs.length === 0) return `<section><h2>What each knob is worth</h2>${summary}</section>`;
  const level = formatConfidence(a.confidence);
  const cell = (r: RatioEstimate) =>
    `<span class="ratio"><strong>${e(formatChange(r.median))}</strong> <span class="ci-text">${e(level)} CI ${e(formatChange(r.low))} .. ${e(formatChange(r.high))}</span></span>`;
  const tpsDomain = ratioDomain(a.knobs.filter(measured).map((k) => k.tpsWorth));
  const p95Domain = ratioDomain(a.knobs.filter(measured).map((k) => k.p95Worth));
  const rows = a.knobs
    .map((k) => {
      const worth = measured(k)
        ? `<td>${cell(k.tpsWorth)}${ratioBar(k.tpsWorth, tpsDomain, 'higher')}</td><td>${cell(k.p95Worth)}${ratioBar(k.p95Worth, p95Domain, 'lower')}</td>`
        : '<td>–</td><td>–</td>';
      return `<tr class="${k.verdict === 'carries gain' ? 'chosen' : ''}"><th scope="row"><code>${e(k.knob)}</code></th><td class="num">${e(k.recommendedDisplay)}</td><td class="num">${e(k.revertedDisplay)}</td><td class="num">${e(k.rounds)}</td>${worth}<td>${VERDICT_TAGS[k.verdict]}</td></tr>`;
    })
    .join('');
  return `<section><h2>What each knob is worth</h2>
<p class="note">${e(ablationMethodText(a))}</p>
<div class="scroll"><table class="verification ablation"><thead><tr><th>knob</th><th>recommended</th><th>reverted to</th><th>rounds</th><th>TPS worth</th><th>p95 worth</th><th>verdict</th></tr></thead>
<tbody>${rows}</tbody></table></div>
${summary}</section>`;
}

function measured(k: KnobAblation): boolean {
  return k.verdict !== 'not measured';
}
