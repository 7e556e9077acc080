import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

export interface DurableWriteOptions {
  /** @defaultValue 0o600 */
  mode?: number;
  /** Give the file this owner before it takes the final name (root writing for another user). */
  owner?: { uid: number; gid: number };
}

/**
 * Replaces `file` with `text` so that a crash at any instant leaves either the old content or
 * the new one, never a mix: write a temporary file beside it, fsync it, rename it over the
 * old one, fsync the folder (the rename itself must reach the disk too).
 */
export async function writeFileDurably(file: string, text: string, options: DurableWriteOptions = {}): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    const handle = await open(temp, 'w', options.mode ?? 0o600);
    try {
      await handle.writeFile(text, 'utf8');
      if (options.owner) await handle.chown(options.owner.uid, options.owner.gid);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  const dir = await open(path.dirname(file), 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}
