import { escapeHtml as e } from './html-escape';
import { ablationHtml } from './render-ablation-html';
import { displayKnobValue } from './knob-display';
import { renderAlterSystem } from './render-alter-system';
import { renderPostgresqlConf } from './render-postgresql-conf';
import { knobChart, p95Chart, ratioBar, ratioDomain, runName, tpsChart } from './report-charts';
import type { LatencySummary, RatioEstimate, ReportDocument, ReportIteration, RunSeries } from './report-document';
import { formatBytes, formatChange, formatConfidence, formatDuration, formatMs, formatNumber, formatTime, ratioOf } from './report-numbers';
import { sessionOptionsPhrases } from './session-options-text';
import { REPORT_STYLE } from './report-style';
import { decisionText, gainText, resolutionText, verdictHeadline, verificationMethodText } from './verdict-text';

/**
 * The report as one self-contained HTML page: inline CSS and inline SVG charts, no script,
 * no external resource (a Content-Security-Policy forbids any), so it opens offline and can
 * be mailed as a file. Every text on the page is escaped, the store's and ours.
 */
export function renderHtml(doc: ReportDocument): string {
  const { session, instance } = doc;
  const title = `pg-autotune report: ${instance.name}, session ${session.id.slice(0, 8)}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${e(doc.format)}">
<title>${e(title)}</title>
<style>${REPORT_STYLE}</style>
</head>
<body>
<main>
${header(doc)}
${verdict(doc)}
${comparison(doc)}
${charts(doc)}
${verification(doc)}
${ablationHtml(doc)}
${apply(doc)}
${runsTable(doc)}
<footer>${e(doc.format)} · generated ${e(formatTime(doc.generatedAt))} · session ${e(session.id)}</footer>
</main>
</body>
</html>
`;
}

function header(doc: ReportDocument): string {
  const { session, instance } = doc;
  const facts: Array<[string, string]> = [
    ['instance', `${instance.name}${instance.target ? ` — ${instance.target}` : ''}`],
    ['server', [instance.serverVersion ? `PostgreSQL ${instance.serverVersion}` : '', instance.host.memoryBytes !== null ? `${formatBytes(instance.host.memoryBytes)} RAM` : '', instance.host.cpus !== null ? `${instance.host.cpus} CPUs` : ''].filter(Boolean).join(', ') || '–'],
    ['session', `${session.id} (${session.status})`],
    ['time', `${formatTime(session.startedAt ?? session.createdAt)} · ${formatDuration(session.durationS)} · ${session.stepsPlanned ? `${session.stepsDone} of ${session.stepsPlanned}` : session.stepsDone} steps`],
    ['options', sessionOptionsPhrases(session.options).join(', ') || '–'],
  ];
  if (doc.drift && doc.drift.runs > 1) {
    facts.push(['drift', `the baseline configuration went ${formatNumber(doc.drift.firstTps)} → ${formatNumber(doc.drift.lastTps)} TPS (${formatChange(doc.drift.change + 1)}) over ${doc.drift.runs} baseline and drift runs`]);
  }
  if (session.error) facts.push(['error', session.error]);
  return `<header><h1>pg-autotune report</h1><dl class="facts">${facts.map(([k, v]) => `<dt>${e(k)}</dt><dd>${e(v)}</dd>`).join('')}</dl></header>`;
}

function verdict(doc: ReportDocument): string {
  const gain = doc.verification ? `<p class="gain">${e(gainText(doc.verification))}</p>` : '';
  return `<section class="verdict verdict-${doc.conclusion.state}"><p><strong>${e(verdictHeadline(doc))}</strong> — ${e(doc.conclusion.text)}</p>${gain}</section>`;
}

function comparison(doc: ReportDocument): string {
  const base = doc.baseline;
  const rec = doc.recommended;
  const row = (label: string, a: number | null | undefined, b: number | null | undefined, format: (v: number | null | undefined) => string, better: 'higher' | 'lower') => {
    const ratio = ratioOf(b, a);
    const cls = ratio === null || ratio === 1 ? '' : (better === 'higher') === ratio > 1 ? 'good' : 'bad';
    return `<tr><th scope="row">${e(label)}</th><td class="num">${e(format(a))}</td><td class="num">${e(format(b))}</td><td class="num ${cls}">${e(ratio === null ? '' : formatChange(ratio))}</td></tr>`;
  };
  const lat = (l: LatencySummary | undefined, k: keyof LatencySummary) => l?.[k] ?? null;
  const note = base
    ? base.source === 'verification'
      ? `Medians of ${base.runs} interleaved verification runs per configuration; the change is the ratio of the medians (the verdict above uses the paired ratios).`
      : `Baseline: median of ${base.runs} run(s) at the start of the session.`
    : 'Nothing measured yet.';
  const metrics = `<div><table class="metrics"><thead><tr><th></th><th>baseline</th><th>recommended</th><th>change</th></tr></thead><tbody>
${row('TPS', base?.tps, rec?.tps, (v) => formatNumber(v), 'higher')}
${row('latency avg (ms)', lat(base?.latency, 'avgMs'), lat(rec?.latency, 'avgMs'), formatMs, 'lower')}
${row('latency p95 (ms)', lat(base?.latency, 'p95Ms'), lat(rec?.latency, 'p95Ms'), formatMs, 'lower')}
${row('latency p99 (ms)', lat(base?.latency, 'p99Ms'), lat(rec?.latency, 'p99Ms'), formatMs, 'lower')}
</tbody></table><p class="note">${e(note)}</p></div>`;
  const knobs =
    doc.knobChanges.length === 0
      ? ''
      : `<table class="knobs"><thead><tr><th>knob</th><th>baseline</th><th>recommended</th><th></th></tr></thead><tbody>${doc.knobChanges
          .map((c) => {
            const to = c.to === null ? '–' : c.changed ? (c.toDisplay ?? c.to) : 'unchanged';
            const restart = c.changed && c.restartRequired ? '<span class="tag">restart</span>' : '';
            return `<tr class="${c.changed ? 'changed' : ''}"><th scope="row"><code>${e(c.name)}</code></th><td class="num">${e(c.fromDisplay ?? 'not set')}</td><td class="num">${e(to)}</td><td>${restart}</td></tr>`;
          })
          .join('')}</tbody></table>`;
  return `<section><h2>Baseline vs recommended</h2><div class="pair">${metrics}${knobs}</div></section>`;
}

function legend(items: ReadonlyArray<readonly [string, string, ...unknown[]]>): string {
  return `<ul class="legend">${items.map(([cls, label]) => `<li><span class="swatch ${cls}"></span>${e(label)}</li>`).join('')}</ul>`;
}

function charts(doc: ReportDocument): string {
  if (doc.iterations.length === 0) return `<section><h2>Runs</h2><p class="note">No run stored yet.</p></section>`;
  const has = (test: (r: ReportIteration) => boolean) => doc.iterations.some(test);
  const verified = has((r) => r.kind === 'verify');
  const missed = has((r) => r.tps === null);
  const keys = legend(
    [
      ['sw-step', 'tuning step', has((r) => r.kind === 'step')],
      ['sw-base', `baseline config (start${has((r) => r.kind === 'drift') ? ', drift ◆' : ''})`, true],
      ['sw-vbase', 'verification: baseline', verified],
      ['sw-vcand', 'verification: candidate', verified],
      ['sw-chosen', 'verification: recommended', verified && doc.recommended !== null],
      ['sw-abl', 'ablation: recommended with one knob reverted', has((r) => r.kind === 'ablation')],
      ['sw-best', 'best step so far', has((r) => r.kind === 'step')],
      ['sw-band', 'baseline config range', true],
      ['sw-rec', 'recommended (median)', doc.recommended !== null],
      ['sw-miss', 'failed / rolled back', missed],
    ].filter(([, , shown]) => shown) as Array<[string, string, boolean]>,
  );
  const knobCharts = doc.knobs
    .map((k) => {
      const svg = knobChart(doc, k);
      if (!svg) return '';
      const unit = k.scale === 'log' ? ' <span class="unit">(log scale)</span>' : '';
      return `<figure class="knob"><figcaption><code>${e(k.name)}</code>${unit}</figcaption>${svg}</figure>`;
    })
    .join('');
  return `<section><h2>TPS per run</h2>${keys}${tpsChart(doc)}
<h2>p95 latency per run</h2>${p95Chart(doc)}
<p class="note">Every run of the session in order. Single runs on a busy machine vary by 20–40%: the shaded band is the spread of the baseline configuration's own runs (at the start, drift re-measurements and verification), and only the interleaved verification decides. Hover a point for its values and knobs.</p>
${knobCharts ? `<h2>Knob values per run</h2>${legend([['sw-step', 'tuning step'], ['sw-rule-base', 'baseline value'], ...(doc.recommended ? [['sw-rec', 'recommended value'] as [string, string]] : []), ...(missed ? [['sw-pt-failed', 'no measurement'] as [string, string]] : [])])}<div class="multiples">${knobCharts}</div>` : ''}</section>`;
}

function runsText(values: readonly number[], format: (v: number) => string): string {
  return values.map(format).join(', ');
}

function ratioCell(estimate: RatioEstimate, confidence: number): string {
  return `<span class="ratio"><strong>${e(formatChange(estimate.median))}</strong> <span class="ci-text">${e(formatConfidence(confidence))} CI ${e(formatChange(estimate.low))} .. ${e(formatChange(estimate.high))}</span></span>`;
}

function verification(doc: ReportDocument): string {
  const v = doc.verification;
  if (!v) return `<section><h2>Verification</h2><p class="note">${e(doc.conclusion.text)}</p></section>`;
  const tpsDomain = ratioDomain(v.candidates.map((c) => c.tpsRatio));
  const p95Domain = ratioDomain(v.candidates.map((c) => c.p95Ratio));
  const tpsRuns = (r: RunSeries) => runsText(r.tps, (x) => formatNumber(x, 0));
  const baseRow = `<tr class="baseline-row"><th scope="row">baseline</th><td></td><td class="num">${e(v.baselineRuns.tps.length)} runs</td><td class="num">${e(formatNumber(doc.baseline?.tps))}</td><td></td><td class="num">${e(formatMs(doc.baseline?.latency.p95Ms))}</td><td></td><td></td><td></td><td class="runs">${e(tpsRuns(v.baselineRuns))}</td></tr>`;
  const rows = v.candidates
    .map(
      (c) => `<tr class="${c.chosen ? 'chosen' : ''}"><th scope="row">${e(c.label)}${c.chosen ? ' <span class="tag good">recommended</span>' : ''}</th>
<td class="num">step ${e(c.fromIteration)}</td>
<td class="num">${e(c.rounds ?? '–')}</td>
<td class="num">${e(formatNumber(c.tps))}</td>
<td>${ratioCell(c.tpsRatio, v.confidence)}${ratioBar(c.tpsRatio, tpsDomain, 'higher')}</td>
<td class="num">${e(formatMs(c.latency.p95Ms))}</td>
<td>${ratioCell(c.p95Ratio, v.confidence)}${ratioBar(c.p95Ratio, p95Domain, 'lower')}</td>
<td class="num">${e(resolutionText(c) ?? '–')}</td>
<td>${e(decisionText(c))}</td>
<td class="runs">${e(tpsRuns(c.runs))}</td></tr>`,
    )
    .join('');
  const caveats = v.caveats.length ? `<h3>What this measurement cannot see</h3><ul class="caveats">${v.caveats.map((c) => `<li>${e(c)}</li>`).join('')}</ul>` : '';
  const applied = v.appliedBest ? 'The recommended configuration was left applied (--apply-best).' : 'The original configuration was restored after verification.';
  return `<section><h2>Verification</h2>
<p class="note">${e(`${verificationMethodText(v)} The bar marks 1 (no change); TPS above 1 and p95 below 1 are better.`)}</p>
<div class="scroll"><table class="verification"><thead><tr><th>configuration</th><th>from</th><th>rounds</th><th>TPS (median)</th><th>TPS ratio</th><th>p95 ms (median)</th><th>p95 ratio</th><th>resolution</th><th>decision</th><th>TPS per round</th></tr></thead>
<tbody>${baseRow}${rows}</tbody></table></div>
<p>${e(v.summary)}</p><p class="note">${e(applied)}</p>${caveats}</section>`;
}

function apply(doc: ReportDocument): string {
  return `<section><h2>Apply it</h2><div class="stack">
<figure class="code"><figcaption>ALTER SYSTEM (psql)</figcaption><pre>${e(renderAlterSystem(doc))}</pre></figure>
<figure class="code"><figcaption>postgresql.conf</figcaption><pre>${e(renderPostgresqlConf(doc))}</pre></figure>
</div></section>`;
}

/** A knob name that may wrap after its underscores in a narrow column header. */
function breakable(name: string): string {
  return e(name).replace(/_/g, '_<wbr>');
}

function runsTable(doc: ReportDocument): string {
  if (doc.iterations.length === 0) return '';
  const baseline = new Map((doc.baseline?.knobs ?? []).map((k) => [k.name, k.value]));
  const knobNames = doc.knobs.map((k) => k.name);
  const cell = (run: ReportIteration, name: string) => {
    const value = run.knobs.find((k) => k.name === name)?.value;
    if (value === undefined) return '<td></td>';
    const differs = baseline.has(name) && baseline.get(name) !== value;
    return `<td class="num${differs ? ' differs' : ''}">${e(displayKnobValue(name, value))}</td>`;
  };
  const flags = (run: ReportIteration) => [run.restarted ? 'restarted' : '', run.rolledBack ? 'rolled back' : ''].filter(Boolean).join(', ');
  const columns = 8 + knobNames.length;
  const rows = doc.iterations
    .map(
      (r) => `<tr class="kind-${e(r.kind)}${r.tps === null ? ' failed' : ''}"><td class="num">${r.seq}</td><td>${e(runName(r))}</td>
<td class="num">${e(formatNumber(r.tps))}</td><td class="num">${e(formatMs(r.latency.avgMs))}</td><td class="num">${e(formatMs(r.latency.p95Ms))}</td><td class="num">${e(formatMs(r.latency.p99Ms))}</td>
<td class="num">${e(r.reward === null ? '–' : r.reward.toFixed(3))}</td><td class="flags">${e(flags(r))}</td>${knobNames.map((n) => cell(r, n)).join('')}</tr>${
        r.error ? `<tr class="error-row"><td></td><td colspan="${columns - 1}">${e(r.error)}</td></tr>` : ''
      }`,
    )
    .join('');
  return `<section><details open><summary><h2>All runs</h2></summary>
<p class="note">Knob values that differ from the baseline configuration are highlighted.</p>
<div class="scroll"><table class="runs-table"><thead><tr><th>#</th><th>run</th><th>TPS</th><th>avg ms</th><th>p95 ms</th><th>p99 ms</th><th>reward</th><th></th>${knobNames.map((n) => `<th class="knob-head"><code>${breakable(n)}</code></th>`).join('')}</tr></thead>
<tbody>${rows}</tbody></table></div></details></section>`;
}
