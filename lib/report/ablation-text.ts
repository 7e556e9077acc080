import type { AblationSection, KnobAblation } from './report-document';
import { formatConfidence } from './report-numbers';

/**
 * The ablation's sentences for people, shared by the terminal table, the HTML page and the
 * Recommendation service: how it was measured and what it concludes, with the plain warning
 * that knobs were reverted one at a time.
 */

/** How the ablation measured, and what its verdicts mean. */
export function ablationMethodText(a: AblationSection): string {
  const k = a.knobs.length;
  return (
    `Each changed knob was reverted alone to its baseline value and measured against the recommendation in ${a.rounds} bracketed round${a.rounds === 1 ? '' : 's'} ` +
    `(the recommendation between every two runs, the order reversing each round). Worth is recommended / without the knob, ` +
    `exp(mean log ratio) with a Student t interval at ${formatConfidence(a.confidence)} (95% split over ${k} knob${k === 1 ? '' : 's'}, Bonferroni): ` +
    `TPS above 1 and p95 below 1 mean the knob helps. A knob "carries gain" when an interval excludes no change and still reaches the ` +
    `${(a.minGain * 100).toFixed(1)}% worth a change, "hurts" when reverting it alone is better, and otherwise "adds nothing measurable". ` +
    `Knobs were reverted one at a time, so interactions between them are not measured.`
  );
}

/**
 * The conclusion: "knobs that add nothing measurable: X, Y; the rest (Z) carries the gain",
 * or why there is no conclusion.
 */
export function ablationSummaryText(a: AblationSection): string {
  if (a.skipped !== null) return `No per-knob ablation: ${a.skipped}.`;
  const named = (verdict: KnobAblation['verdict']) => a.knobs.filter((k) => k.verdict === verdict).map((k) => k.knob);
  const carries = named('carries gain');
  const droppable = [...named('adds nothing measurable'), ...named('hurts')];
  const hurts = named('hurts');
  const unknown = [...named('mixed'), ...named('not measured')];
  const parts: string[] = [];
  if (carries.length === a.knobs.length) return 'Every changed knob carries part of the gain. Knobs were reverted one at a time: interactions are not measured.';
  const nothing = droppable.filter((n) => !hurts.includes(n));
  if (nothing.length > 0) parts.push(`knobs that add nothing measurable: ${nothing.join(', ')}`);
  if (hurts.length > 0) parts.push(`knobs that hurt when kept: ${hurts.join(', ')}`);
  if (unknown.length > 0) parts.push(`not decided: ${unknown.join(', ')}`);
  if (carries.length === 0) {
    parts.push('no knob alone carries a measurable part of the gain (it may come from knobs together, which reverting one at a time cannot show, or need more rounds)');
  } else {
    parts.push(
      `the rest (${carries.join(', ')}) carries the gain` +
        (droppable.length > 0 ? `: changing only ${carries.join(', ')} is the smaller change (not measured as a whole)` : ''),
    );
  }
  return `${capitalize(parts.join('; '))}. Knobs were reverted one at a time: interactions are not measured.`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
