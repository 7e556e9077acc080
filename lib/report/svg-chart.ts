import { escapeHtml } from './html-escape';

/**
 * A small inline-SVG chart for the HTML report: no script, no external resource, styled by
 * the page's CSS classes. Points carry a <title> (the browser's tooltip). Every text that
 * goes in is escaped here; class names must be the caller's own constants.
 */
export interface ChartOptions {
  width: number;
  height: number;
  /** Accessible name of the chart. */
  label: string;
  x: { min: number; max: number; ticks: number[]; format?: (v: number) => string; title?: string };
  y: { min: number; max: number; log?: boolean; ticks: number[]; format: (v: number) => string; title?: string };
  /** Horizontal bands from y to y (a range of values). */
  bands?: { from: number; to: number; className: string; label?: string }[];
  /** Vertical regions from x to x (a phase of the session). */
  regions?: { from: number; to: number; className: string; label?: string }[];
  /** Horizontal reference lines. */
  rules?: { y: number; className: string; label?: string }[];
  lines?: { points: { x: number; y: number }[]; className: string; step?: boolean }[];
  points?: { x: number; y: number; className: string; title: string; shape?: 'circle' | 'diamond' | 'cross' }[];
  /** Marks along the bottom edge for runs without a value (a failed step). */
  misses?: { x: number; title: string }[];
  margin?: { left: number; right: number; top: number; bottom: number };
}

const DEFAULT_MARGIN = { left: 62, right: 14, top: 10, bottom: 30 };

const n = (v: number) => (Math.round(v * 10) / 10).toString();

export function renderChart(o: ChartOptions): string {
  const m = o.margin ?? DEFAULT_MARGIN;
  const plotW = o.width - m.left - m.right;
  const plotH = o.height - m.top - m.bottom;
  const tx = (y: number) => (o.y.log ? Math.log10(Math.max(y, Number.MIN_VALUE)) : y);
  const [y0, y1] = [tx(o.y.min), tx(o.y.max)];
  const sx = (x: number) => m.left + (o.x.max === o.x.min ? plotW / 2 : ((x - o.x.min) / (o.x.max - o.x.min)) * plotW);
  const sy = (y: number) => m.top + plotH - (y1 === y0 ? plotH / 2 : ((Math.min(Math.max(tx(y), y0), y1) - y0) / (y1 - y0)) * plotH);
  const bottom = m.top + plotH;
  const parts: string[] = [];

  parts.push(`<rect class="plot-bg" x="${m.left}" y="${m.top}" width="${n(plotW)}" height="${n(plotH)}"/>`);
  for (const r of o.regions ?? []) {
    const x = sx(r.from);
    parts.push(`<rect class="${r.className}" x="${n(x)}" y="${m.top}" width="${n(Math.max(0, sx(r.to) - x))}" height="${n(plotH)}"/>`);
    if (r.label) parts.push(`<text class="region-label" x="${n(x + 4)}" y="${m.top + 12}">${escapeHtml(r.label)}</text>`);
  }
  for (const b of o.bands ?? []) {
    const top = sy(Math.max(b.from, b.to));
    const height = Math.max(1, sy(Math.min(b.from, b.to)) - top);
    parts.push(`<rect class="${b.className}" x="${m.left}" y="${n(top)}" width="${n(plotW)}" height="${n(height)}">${b.label ? `<title>${escapeHtml(b.label)}</title>` : ''}</rect>`);
  }
  for (const t of o.y.ticks) {
    const y = sy(t);
    parts.push(`<line class="grid" x1="${m.left}" x2="${m.left + plotW}" y1="${n(y)}" y2="${n(y)}"/>`);
    parts.push(`<text class="tick" x="${m.left - 6}" y="${n(y + 4)}" text-anchor="end">${escapeHtml(o.y.format(t))}</text>`);
  }
  for (const t of o.x.ticks) {
    const x = sx(t);
    parts.push(`<line class="tick-mark" x1="${n(x)}" x2="${n(x)}" y1="${bottom}" y2="${bottom + 4}"/>`);
    parts.push(`<text class="tick" x="${n(x)}" y="${bottom + 16}" text-anchor="middle">${escapeHtml((o.x.format ?? String)(t))}</text>`);
  }
  if (o.x.title) parts.push(`<text class="axis-title" x="${n(m.left + plotW)}" y="${o.height - 2}" text-anchor="end">${escapeHtml(o.x.title)}</text>`);
  if (o.y.title) parts.push(`<text class="axis-title" x="${m.left}" y="${m.top - 1}" dy="-1">${escapeHtml(o.y.title)}</text>`);
  for (const r of o.rules ?? []) {
    const y = sy(r.y);
    parts.push(`<line class="${r.className}" x1="${m.left}" x2="${m.left + plotW}" y1="${n(y)}" y2="${n(y)}">${r.label ? `<title>${escapeHtml(r.label)}</title>` : ''}</line>`);
  }
  for (const l of o.lines ?? []) {
    if (l.points.length === 0) continue;
    const coords: string[] = [];
    l.points.forEach((p, i) => {
      if (l.step && i > 0) coords.push(`${n(sx(p.x))},${n(sy(l.points[i - 1]!.y))}`);
      coords.push(`${n(sx(p.x))},${n(sy(p.y))}`);
    });
    parts.push(`<polyline class="${l.className}" points="${coords.join(' ')}"/>`);
  }
  for (const p of o.points ?? []) parts.push(point(sx(p.x), sy(p.y), p.className, p.shape ?? 'circle', p.title));
  for (const miss of o.misses ?? []) parts.push(point(sx(miss.x), bottom - 5, 'miss', 'cross', miss.title));
  parts.push(`<rect class="plot-frame" x="${m.left}" y="${m.top}" width="${n(plotW)}" height="${n(plotH)}"/>`);

  return `<svg class="chart" viewBox="0 0 ${o.width} ${o.height}" width="${o.width}" height="${o.height}" role="img" aria-label="${escapeHtml(o.label)}">${parts.join('')}</svg>`;
}

function point(x: number, y: number, className: string, shape: 'circle' | 'diamond' | 'cross', title: string): string {
  const tip = `<title>${escapeHtml(title)}</title>`;
  if (shape === 'diamond') {
    const r = 5;
    return `<path class="${className}" d="M${n(x)} ${n(y - r)}L${n(x + r)} ${n(y)}L${n(x)} ${n(y + r)}L${n(x - r)} ${n(y)}Z">${tip}</path>`;
  }
  if (shape === 'cross') {
    const r = 4;
    return `<path class="${className}" d="M${n(x - r)} ${n(y - r)}L${n(x + r)} ${n(y + r)}M${n(x - r)} ${n(y + r)}L${n(x + r)} ${n(y - r)}">${tip}</path>`;
  }
  return `<circle class="${className}" cx="${n(x)}" cy="${n(y)}" r="3.5">${tip}</circle>`;
}

/** About `count` round tick values (1, 2, 5 x 10^k steps) covering min..max. */
export function linearTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((f) => f * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const ticks: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

/** A domain a little wider than the values (and containing every one of them); [0, 1] when there are none. */
export function paddedDomain(values: readonly number[], options: { log?: boolean; pad?: number; includeZero?: boolean } = {}): { min: number; max: number } {
  const finite = values.filter((v) => Number.isFinite(v) && (!options.log || v > 0));
  if (finite.length === 0) return { min: options.log ? 1 : 0, max: options.log ? 10 : 1 };
  let min = Math.min(...finite);
  let max = Math.max(...finite);
  const pad = options.pad ?? 0.08;
  if (options.log) {
    const span = max > min ? Math.log10(max / min) : 0.2;
    return { min: min / 10 ** (span * pad), max: max * 10 ** (span * pad) };
  }
  if (options.includeZero) min = Math.min(0, min);
  const span = max > min ? max - min : Math.abs(max) * 0.1 || 1;
  max += span * pad;
  if (!options.includeZero) min -= span * pad;
  return { min, max };
}
