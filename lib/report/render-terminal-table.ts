import { oneLine, wrapWords } from './plain-text';
import { ablationSummaryText } from './ablation-text';
import type { AblationSection, LatencySummary, RatioEstimate, ReportDocument, VerificationSection } from './report-document';
import { formatBytes, formatChange, formatConfidence, formatDuration, formatMs, formatNumber, formatTime, ratioOf } from './report-numbers';
import { sessionOptionsPhrases } from './session-options-text';
import { textTable } from './text-table';
import { decisionText, resolutionText, verdictHeadline, verificationMethodText } from './verdict-text';

/**
 * The report for a terminal: who and what was tuned, baseline vs recommended (TPS, latency
 * avg/p95/p99), each knob old -> new in human units, and the verdict. Plain text without
 * colours; everything that came from the store is flattened to printable one-line text, so a
 * stored value cannot move the cursor or recolour the terminal.
 */
export function renderTerminalTable(doc: ReportDocument): string {
  const lines: string[] = [];
  const { session, instance } = doc;
  lines.push(`pg-autotune report: session ${oneLine(session.id)} (${session.status})`);
  const host = [
    instance.serverVersion ? `PostgreSQL ${oneLine(instance.serverVersion)}` : '',
    instance.host.memoryBytes !== null ? `${formatBytes(instance.host.memoryBytes)} RAM` : '',
    instance.host.cpus !== null ? `${instance.host.cpus} CPUs` : '',
  ].filter(Boolean);
  lines.push(`instance  ${oneLine(instance.name)}${instance.target ? ` ${oneLine(instance.target)}` : ''}${host.length ? `, ${host.join(', ')}` : ''}`);
  const steps = session.stepsPlanned ? `${session.stepsDone} of ${session.stepsPlanned} steps` : `${session.stepsDone} steps`;
  lines.push(`run       ${formatTime(session.startedAt ?? session.createdAt)}, ${formatDuration(session.durationS)}, ${steps}`);
  const options = sessionOptionsPhrases(session.options);
  if (options.length > 0) lines.push(`options   ${oneLine(options.join(', '), 300)}`);
  lines.push('');

  const base = doc.baseline;
  const rec = doc.recommended;
  const metric = (label: string, pick: (l: LatencySummary) => number | null, better: 'lower' | 'higher') => {
    const a = base ? pick(base.latency) : null;
    const b = rec ? pick(rec.latency) : null;
    return [label, formatMs(a), formatMs(b), change(ratioOf(b, a), better)];
  };
  lines.push(
    ...textTable(
      [
        ['', 'baseline', 'recommended', 'change'],
        ['TPS', formatNumber(base?.tps), formatNumber(rec?.tps), change(ratioOf(rec?.tps, base?.tps), 'higher')],
        metric('latency avg (ms)', (l) => l.avgMs, 'lower'),
        metric('latency p95 (ms)', (l) => l.p95Ms, 'lower'),
        metric('latency p99 (ms)', (l) => l.p99Ms, 'lower'),
      ],
      ['left', 'right', 'right', 'right'],
    ),
  );
  lines.push(measuredHow(doc));
  lines.push('');

  if (doc.knobChanges.length > 0) {
    const rows = doc.knobChanges.map((c) => {
      const name = `${oneLine(c.name, 60)}${c.restartRequired && c.changed ? ' *' : ''}`;
      const from = c.fromDisplay === null ? '(not set)' : oneLine(c.fromDisplay, 40);
      if (c.to === null) return [name, from, '', ''];
      return [name, from, c.changed ? '->' : '', c.changed ? oneLine(c.toDisplay ?? '', 40) : '(unchanged)'];
    });
    lines.push(...textTable([['knob', 'baseline', '', rec ? 'recommended' : ''], ...rows]));
    if (doc.restartRequiredFor.length > 0) lines.push('* takes effect only after a restart');
    lines.push('');
  }

  if (doc.verification && doc.verification.candidates.length > 0) {
    lines.push(...verificationLines(doc.verification));
    lines.push('');
  }

  if (doc.ablation) {
    lines.push(...ablationLines(doc.ablation));
    lines.push('');
  }

  lines.push(`verdict: ${verdictHeadline(doc)}: ${oneLine(doc.conclusion.text, 600)}`);
  return `${lines.join('\n')}\n`;
}

/** Each verified candidate: rounds, TPS and p95 ratios with their intervals, the resolution reached, why it stopped. */
function verificationLines(v: VerificationSection): string[] {
  const rows = v.candidates.map((c) => [
    oneLine(c.label, 40),
    `step ${c.fromIteration}`,
    c.rounds === null ? '' : String(c.rounds),
    changeWithInterval(c.tpsRatio),
    changeWithInterval(c.p95Ratio),
    resolutionText(c) ?? '–',
    decisionText(c),
  ]);
  const level = formatConfidence(v.confidence);
  return [
    `verification (${level} intervals)`,
    ...textTable([['candidate', 'from', 'rounds', `TPS (${level} CI)`, `p95 (${level} CI)`, 'resolution', 'decision'], ...rows], [
      'left',
      'right',
      'right',
      'right',
      'right',
      'right',
      'left',
    ]),
    ...wrapWords(verificationMethodText(v), 100),
  ];
}

/** What each changed knob is worth, reverted alone: the intervals, the verdicts, and the smaller change they point to. */
function ablationLines(a: AblationSection): string[] {
  const summary = wrapWords(ablationSummaryText(a), 100);
  if (a.skipped !== null || a.knobs.length === 0) return summary;
  const level = formatConfidence(a.confidence);
  const rows = a.knobs.map((k) => [
    oneLine(k.knob, 60),
    oneLine(k.recommendedDisplay, 30),
    oneLine(k.revertedDisplay, 30),
    String(k.rounds),
    k.verdict === 'not measured' ? '–' : changeWithInterval(k.tpsWorth),
    k.verdict === 'not measured' ? '–' : changeWithInterval(k.p95Worth),
    k.verdict,
  ]);
  return [
    `ablation: each changed knob reverted alone (${level} intervals; worth = recommended / without the knob)`,
    ...textTable([['knob', 'recommended', 'reverted to', 'rounds', `TPS worth (${level} CI)`, `p95 worth (${level} CI)`, 'verdict'], ...rows], [
      'left',
      'right',
      'right',
      'right',
      'right',
      'right',
      'left',
    ]),
    ...summary,
  ];
}

function change(ratio: number | null, better: 'lower' | 'higher'): string {
  if (ratio === null) return '';
  const text = formatChange(ratio);
  const good = better === 'higher' ? ratio > 1 : ratio < 1;
  return ratio === 1 ? text : `${text} ${good ? 'better' : 'worse'}`;
}

function measuredHow(doc: ReportDocument): string {
  const base = doc.baseline;
  if (!base) return '(nothing measured yet)';
  if (base.source === 'verification') {
    return `(medians of ${base.runs} interleaved verification runs per configuration; change = ratio of the medians)`;
  }
  return `(baseline: median of ${base.runs} baseline run${base.runs === 1 ? '' : 's'} at the start of the session)`;
}

/** "+12.0% (+4.0% .. +20.0%)": a ratio as a change with its interval, for the verification and ablation tables. */
function changeWithInterval(r: RatioEstimate): string {
  return `${formatChange(r.median)} (${formatChange(r.low)} .. ${formatChange(r.high)})`;
}
