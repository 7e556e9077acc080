import { escapeHtml } from './html-escape';
import { displayKnobValue, knobNumber } from './knob-display';
import type { KnobInfo, RatioEstimate, ReportDocument, ReportIteration } from './report-document';
import { formatChange, formatMs, formatNumber } from './report-numbers';
import { linearTicks, paddedDomain, renderChart, type ChartOptions } from './svg-chart';

const WIDE = { width: 1040, height: 300 };
const SMALL = { width: 336, height: 150 };

/** "step 4", "baseline 1", "drift 2", "verify: candidate-1 (round 2)", "ablation: without work_mem (round 1)". */
export function runName(run: ReportIteration): string {
  if (run.kind === 'verify' || run.kind === 'ablation') return `${run.kind}: ${run.label ?? `run ${run.n}`}${run.round !== null ? ` (round ${run.round + 1})` : ''}`;
  return `${run.kind} ${run.n}`;
}

/** Runs of the configuration found on the server: baseline, drift, and the verification's baseline runs. */
function isBaselineConfig(run: ReportIteration): boolean {
  return run.kind === 'baseline' || run.kind === 'drift' || (run.kind === 'verify' && run.label === 'baseline');
}

function pointClass(run: ReportIteration, doc: ReportDocument): string {
  if (isBaselineConfig(run)) return run.kind === 'verify' ? 'pt-vbase' : 'pt-base';
  if (run.kind === 'verify') return run.label !== null && run.label === doc.recommended?.label ? 'pt-chosen' : 'pt-vcand';
  // The ablation's runs of the recommendation itself, and of it with one knob reverted.
  if (run.kind === 'ablation') return run.label === 'recommended' ? 'pt-chosen' : 'pt-abl';
  return 'pt-step';
}

function runTitle(run: ReportIteration): string {
  const measured =
    run.tps === null
      ? `no measurement${run.error ? `: ${run.error}` : run.rolledBack ? ': rolled back' : ''}`
      : `TPS ${formatNumber(run.tps)}, latency avg ${formatMs(run.latency.avgMs)} ms, p95 ${formatMs(run.latency.p95Ms)} ms, p99 ${formatMs(run.latency.p99Ms)} ms`;
  const reward = run.reward === null ? '' : `, reward ${run.reward.toFixed(3)}`;
  const flags = [run.restarted ? 'restarted' : '', run.rolledBack && run.tps !== null ? 'rolled back' : ''].filter(Boolean).join(', ');
  const knobs = run.knobs.map((k) => `${k.name}=${displayKnobValue(k.name, k.value)}`).join(', ');
  return `#${run.seq} ${runName(run)}: ${measured}${reward}${flags ? ` (${flags})` : ''}${knobs ? `\n${knobs}` : ''}`;
}

function xAxis(doc: ReportDocument): ChartOptions['x'] {
  const count = doc.iterations.length;
  const every = Math.max(1, Math.ceil(count / 20));
  const ticks = doc.iterations.map((r) => r.seq).filter((s) => s === 1 || s % every === 0);
  return { min: 0.5, max: Math.max(1, count) + 0.5, ticks, title: 'run, in order' };
}

function verificationRegion(doc: ReportDocument): NonNullable<ChartOptions['regions']> {
  const verify = doc.iterations.filter((r) => r.kind === 'verify');
  if (verify.length === 0) return [];
  const ablation = doc.iterations.filter((r) => r.kind === 'ablation');
  const regions = [{ from: verify[0]!.seq - 0.5, to: verify[verify.length - 1]!.seq + 0.5, className: 'region-verify', label: 'verification' }];
  if (ablation.length > 0) regions.push({ from: ablation[0]!.seq - 0.5, to: ablation[ablation.length - 1]!.seq + 0.5, className: 'region-ablation', label: 'ablation' });
  return regions;
}

/**
 * A metric per run: every run as a point (by kind), failed runs as crosses along the bottom,
 * the best value so far over the tuning steps, the band the baseline configuration's own
 * runs spread over, and the verification phase shaded.
 */
function metricChart(doc: ReportDocument, metric: 'tps' | 'p95', label: string): string {
  const value = (r: ReportIteration) => (metric === 'tps' ? r.tps : r.latency.p95Ms);
  const better = (a: number, b: number) => (metric === 'tps' ? Math.max(a, b) : Math.min(a, b));
  const format = metric === 'tps' ? (v: number) => formatNumber(v, 0) : (v: number) => formatMs(v);
  const runs = doc.iterations;
  const measured = runs.filter((r) => value(r) !== null);
  const baselineValues = runs.filter(isBaselineConfig).map(value).filter((v): v is number => v !== null);

  const best: { x: number; y: number }[] = [];
  for (const r of runs) {
    const v = value(r);
    if (r.kind !== 'step' || v === null || r.rolledBack || r.error) continue;
    best.push({ x: r.seq, y: best.length === 0 ? v : better(best[best.length - 1]!.y, v) });
  }
  const lastStep = runs.filter((r) => r.kind === 'step').at(-1);
  if (best.length > 0 && lastStep && lastStep.seq > best[best.length - 1]!.x) best.push({ x: lastStep.seq, y: best[best.length - 1]!.y });

  const recommended = metric === 'tps' ? doc.recommended?.tps : doc.recommended?.latency.p95Ms;
  const domain = paddedDomain([...measured.map((r) => value(r)!), ...(recommended != null ? [recommended] : [])], { includeZero: true });
  const ticks = linearTicks(domain.min, domain.max, 5);
  // Tick labels with as many decimals as the tick step needs (0, 2, 4 or 0, 0.5, 1).
  const step = ticks.length > 1 ? ticks[1]! - ticks[0]! : 1;
  const decimals = Math.min(6, Math.max(0, -Math.floor(Math.log10(step) + 1e-9)));
  const options: ChartOptions = {
    ...WIDE,
    label,
    x: xAxis(doc),
    y: { ...domain, ticks, format: (v) => formatNumber(v, decimals), title: metric === 'tps' ? 'TPS' : 'p95 latency, ms' },
    regions: verificationRegion(doc),
    bands:
      baselineValues.length > 0
        ? [{ from: Math.min(...baselineValues), to: Math.max(...baselineValues), className: 'band-baseline', label: `baseline configuration: ${format(Math.min(...baselineValues))} .. ${format(Math.max(...baselineValues))} over ${baselineValues.length} runs` }]
        : [],
    rules: recommended != null ? [{ y: recommended, className: 'rule-recommended', label: `recommended (median of verification runs): ${format(recommended)}` }] : [],
    lines: [{ points: best, className: 'line-best', step: true }],
    points: measured.map((r) => ({
      x: r.seq,
      y: value(r)!,
      className: pointClass(r, doc),
      title: runTitle(r),
      shape: r.kind === 'drift' ? ('diamond' as const) : ('circle' as const),
    })),
    misses: runs.filter((r) => value(r) === null).map((r) => ({ x: r.seq, title: runTitle(r) })),
  };
  return renderChart(options);
}

export function tpsChart(doc: ReportDocument): string {
  return metricChart(doc, 'tps', 'TPS per run');
}

export function p95Chart(doc: ReportDocument): string {
  return metricChart(doc, 'p95', 'p95 latency per run');
}

/**
 * One small chart per knob: its value in every run (log scale for knobs tuned on a log
 * scale, categories for choices), the baseline value dashed and the recommended value green.
 */
export function knobChart(doc: ReportDocument, knob: KnobInfo): string | undefined {
  const runs = doc.iterations
    .map((r) => ({ run: r, value: r.knobs.find((k) => k.name === knob.name)?.value }))
    .filter((p): p is { run: ReportIteration; value: string } => p.value !== undefined);
  if (runs.length === 0) return undefined;
  const change = doc.knobChanges.find((c) => c.name === knob.name);
  const references = [change?.from, change?.to].filter((v): v is string => v !== null && v !== undefined);
  const numeric = [...runs.map((p) => p.value), ...references].every((v) => knobNumber(knob.name, v) !== undefined);

  let toY: (value: string) => number;
  let y: ChartOptions['y'];
  if (numeric) {
    toY = (v) => knobNumber(knob.name, v)!;
    const values = [...runs.map((p) => p.value), ...references].map(toY);
    const log = knob.scale === 'log' && values.every((v) => v > 0);
    const domain = paddedDomain(values, { log, pad: 0.1 });
    const lo = Math.min(...values);
    const hi = Math.max(...values);
    y = { ...domain, log, ticks: lo === hi ? [lo] : [lo, hi], format: (v) => displayKnobValue(knob.name, String(v)) };
  } else {
    const categories = [...new Set([...runs.map((p) => p.value), ...references])].sort();
    toY = (v) => categories.indexOf(v);
    y = { min: -0.5, max: categories.length - 0.5, ticks: categories.map((_, i) => i), format: (i) => categories[i] ?? '' };
  }
  const x = xAxis(doc);
  const steps = runs.filter((p) => p.run.kind === 'step');
  return renderChart({
    ...SMALL,
    label: `${knob.name} per run`,
    margin: { left: 66, right: 8, top: 8, bottom: 22 },
    x: { ...x, ticks: x.ticks.filter((_, i) => i % 2 === 0), title: undefined },
    y,
    regions: verificationRegion(doc).map((r) => ({ ...r, label: undefined })),
    rules: [
      ...(change?.from != null ? [{ y: toY(change.from), className: 'rule-baseline', label: `baseline: ${change.fromDisplay ?? change.from}` }] : []),
      ...(change?.to != null ? [{ y: toY(change.to), className: 'rule-recommended', label: `recommended: ${change.toDisplay ?? change.to}` }] : []),
    ],
    lines: [{ points: steps.map((p) => ({ x: p.run.seq, y: toY(p.value) })), className: 'line-knob' }],
    points: runs.map((p) => ({
      x: p.run.seq,
      y: toY(p.value),
      className: p.run.tps === null ? 'pt-failed' : pointClass(p.run, doc),
      title: `#${p.run.seq} ${runName(p.run)}: ${knob.name} = ${displayKnobValue(knob.name, p.value)}${p.run.tps === null ? ' (no measurement)' : ''}`,
    })),
  });
}

/** The shared scale of the verification table's interval bars: every interval and 1. */
export function ratioDomain(estimates: readonly RatioEstimate[]): { min: number; max: number } {
  const values = estimates.flatMap((e) => [e.low, e.high, e.median]).filter(Number.isFinite);
  const min = Math.min(1, ...values);
  const max = Math.max(1, ...values);
  const pad = (max - min) * 0.08 || 0.05;
  return { min: min - pad, max: max + pad };
}

/**
 * A ratio's 95% interval as a bar around its median, with 1 (no change) marked: green when
 * the interval lies on the better side of 1, red on the worse side, grey when it includes 1.
 */
export function ratioBar(estimate: RatioEstimate, domain: { min: number; max: number }, better: 'higher' | 'lower'): string {
  const w = 110;
  const h = 22;
  const sx = (v: number) => 6 + ((Math.min(Math.max(v, domain.min), domain.max) - domain.min) / (domain.max - domain.min)) * (w - 12);
  const good = better === 'higher' ? estimate.low > 1 : estimate.high < 1;
  const bad = better === 'higher' ? estimate.high < 1 : estimate.low > 1;
  const cls = good ? 'ci-good' : bad ? 'ci-bad' : 'ci-none';
  const title = `median ${formatChange(estimate.median)}, 95% CI ${formatChange(estimate.low)} .. ${formatChange(estimate.high)}`;
  const r = (v: number) => (Math.round(v * 10) / 10).toString();
  return (
    `<svg class="ci" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="${escapeHtml(title)}">` +
    `<line class="ci-one" x1="${r(sx(1))}" x2="${r(sx(1))}" y1="2" y2="${h - 2}"/>` +
    `<line class="${cls}" x1="${r(sx(estimate.low))}" x2="${r(sx(estimate.high))}" y1="${h / 2}" y2="${h / 2}"/>` +
    `<circle class="${cls}-dot" cx="${r(sx(estimate.median))}" cy="${h / 2}" r="4"><title>${escapeHtml(title)}</title></circle></svg>`
  );
}
