/** Median of the finite numbers given; null when there are none. */
export function median(values: readonly number[]): number | null {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** 1234567.891 -> "1,234,567.9" (fixed decimals, thousands separators, independent of the locale); "–" for null. */
export function formatNumber(value: number | null | undefined, decimals = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  const [whole, fraction] = Math.abs(value).toFixed(decimals).split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const sign = value < 0 && Number(`${whole}.${fraction ?? 0}`) !== 0 ? '-' : '';
  return `${sign}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}

/** Latency in ms with precision that suits its size: 0.412, 3.25, 41.3, 1,204. */
export function formatMs(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  const abs = Math.abs(value);
  if (abs === 0) return '0';
  return formatNumber(value, abs < 1 ? 3 : abs < 10 ? 2 : abs < 100 ? 1 : 0);
}

/** A ratio as a signed change: 1.18 -> "+18.0%", 0.9 -> "-10.0%"; "–" for null. */
export function formatChange(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '–';
  const pct = (ratio - 1) * 100;
  const text = Math.abs(pct).toFixed(1);
  if (Number(text) === 0) return '±0.0%';
  return `${pct > 0 ? '+' : '-'}${text}%`;
}

/** b / a, or null when either is missing or a is 0. */
export function ratioOf(b: number | null | undefined, a: number | null | undefined): number | null {
  if (b === null || b === undefined || a === null || a === undefined || !Number.isFinite(a) || !Number.isFinite(b) || a === 0) return null;
  return b / a;
}

/** An interval's level: 0.95 -> "95%", 0.99444 -> "99.44%". */
export function formatConfidence(confidence: number): string {
  return `${Number((confidence * 100).toFixed(2))}%`;
}

/** A ratio estimate for people: "+12.0% (95% CI +4.0% .. +20.0%)"; intervals are 95% unless `confidence` says otherwise. */
export function formatRatioEstimate(estimate: { median: number; low: number; high: number }, confidence = 0.95): string {
  return `${formatChange(estimate.median)} (${formatConfidence(confidence)} CI ${formatChange(estimate.low)} .. ${formatChange(estimate.high)})`;
}

/** 3725 -> "1h 2min 5s". */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '–';
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return [h ? `${h}h` : '', m ? `${m}min` : '', s || (!h && !m) ? `${s}s` : ''].filter(Boolean).join(' ');
}

/** 8589934592 -> "8GB" (binary units, as PostgreSQL writes them). */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '–';
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let i = 0;
  while (Math.abs(value) >= 1024 && i < units.length - 1) {
    value /= 1024;
    i++;
  }
  return `${Math.round(value * 10) / 10}${units[i]}`;
}

/** An ISO time as "2026-11-25 16:40 UTC"; "–" for null. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '–';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '–';
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
