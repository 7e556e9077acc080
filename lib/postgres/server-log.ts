import { open, stat } from 'node:fs/promises';

// A start attempt writes a handful of lines; this bounds the read if the log is huge.
const MAX_READ_BYTES = 64 * 1024;
const SEVERE = /\b(PANIC|FATAL|ERROR):/;
const FATAL = /\b(PANIC|FATAL):/;
const EXPLAINS = /\b(DETAIL|HINT):/;
const CAUSE = /\b(LOG|WARNING):/;
const MAX_CAUSE_LINES = 2;
// The last line of the previous server's life (a restart's stop phase): no cause lies before it.
const SHUT_DOWN = /database system is shut down/;
// Keeps a one-line error message readable; the full lines stay in ServerStartError.logLines.
const MAX_LINE_CHARS = 300;

/**
 * The file a server started by pg_ctl writes to (pg_ctl -l). Read from an offset taken before
 * a start, it tells why that start failed, without older runs' lines.
 */
export class ServerLog {
  constructor(readonly file: string) {}

  /** The current end of the log: pass it to `linesSince` after an attempt. */
  async offset(): Promise<number> {
    try {
      return (await stat(this.file)).size;
    } catch {
      return 0;
    }
  }

  /** Up to `maxLines` last lines written after `offset`; empty when there is no log. */
  async linesSince(offset: number, maxLines = 20): Promise<string[]> {
    let handle;
    try {
      handle = await open(this.file, 'r');
    } catch {
      return [];
    }
    try {
      const size = (await handle.stat()).size;
      // A log rotated or truncated since `offset` is read from its start.
      const from = offset > size ? 0 : Math.max(offset, size - MAX_READ_BYTES);
      const buffer = Buffer.alloc(size - from);
      await handle.read(buffer, 0, buffer.length, from);
      return buffer.toString('utf8').split('\n').filter((line) => line.trim() !== '').slice(-maxLines);
    } finally {
      await handle.close();
    }
  }
}

/**
 * The lines that say why a server stopped, without the log_line_prefix (whatever it is, the
 * text starts at the severity): each PANIC/FATAL/ERROR line, the DETAIL/HINT lines after it,
 * and up to two LOG/WARNING lines before a PANIC/FATAL, which often name the cause ('invalid
 * value for parameter ...' before 'configuration file contains errors'), looking back no
 * further than the previous severe line or the end of the previous run. Falls back to the
 * last lines when none is severe.
 */
export function keyLogLines(lines: readonly string[], max = 6): string[] {
  const picked = new Set<number>();
  lines.forEach((line, index) => {
    if (!SEVERE.test(line)) return;
    picked.add(index);
    for (let next = index + 1; next < lines.length && EXPLAINS.test(lines[next]!); next++) picked.add(next);
    if (!FATAL.test(line)) return;
    let causes = 0;
    for (let previous = index - 1; previous >= 0 && causes < MAX_CAUSE_LINES; previous--) {
      if (SEVERE.test(lines[previous]!) || SHUT_DOWN.test(lines[previous]!)) break;
      if (CAUSE.test(lines[previous]!)) {
        picked.add(previous);
        causes++;
      }
    }
  });
  const key = [...picked].sort((a, b) => a - b).map((index) => lines[index]!);
  return (key.length > 0 ? key : lines.slice(-2)).slice(0, max).map(withoutPrefix);
}

function withoutPrefix(line: string): string {
  const match = /\b(PANIC|FATAL|ERROR|WARNING|LOG|DETAIL|HINT|STATEMENT):\s+/.exec(line);
  const text = (match ? line.slice(match.index) : line).replace(/\s+/g, ' ').trim();
  return text.length > MAX_LINE_CHARS ? `${text.slice(0, MAX_LINE_CHARS)}...` : text;
}
