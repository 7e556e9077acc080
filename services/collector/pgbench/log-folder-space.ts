import { statfs } from 'node:fs/promises';

// Less free space than this after a run means pgbench's writes were cut off: its log lines
// are about 30 bytes, so a folder that still had room would show far more.
const FULL_BELOW_BYTES = 64 * 1024;

/**
 * Why a transaction log could not be read, when the reason is its folder's file system being
 * full: pgbench ignores failed writes and leaves a truncated log, which otherwise reads as a
 * pgbench we do not understand. Undefined when there is room (or statfs cannot tell).
 */
export async function logFolderFull(dir: string): Promise<string | undefined> {
  const stats = await statfs(dir).catch(() => undefined);
  if (!stats) return undefined;
  const freeBytes = Number(stats.bavail) * Number(stats.bsize);
  if (freeBytes >= FULL_BELOW_BYTES) return undefined;
  return (
    `pgbench's per-transaction log filled its folder's file system (${Math.floor(freeBytes / 1024)} kB free in ${dir}): ` +
    "free space there, or start the collector with TMPDIR on a larger disk (the log takes about 30 bytes per transaction)"
  );
}
