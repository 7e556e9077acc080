import { oneLine } from '../../lib/report/plain-text';

/**
 * Rows as left-aligned columns under a header, two spaces apart, one line per row; cells
 * come from the services, so each is cut to one line. An empty list says so instead.
 */
export function textColumns(header: readonly string[], rows: ReadonlyArray<readonly string[]>, empty: string): string {
  if (rows.length === 0) return `${empty}\n`;
  const table = [header, ...rows.map((row) => row.map((cell) => oneLine(cell, 120)))];
  const widths = header.map((_, i) => Math.max(...table.map((row) => (row[i] ?? '').length)));
  return `${table.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')).join('\n')}\n`;
}

/** A time in ms since the epoch as UTC to the second; '-' for none (0). */
export function timeText(ms: number): string {
  return ms > 0 ? `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')}Z` : '-';
}
