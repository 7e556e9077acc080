import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { FailedPreconditionError } from '../../lib/core/errors';
import { writeFileDurably } from '../../lib/core/durable-write';
import { defaultSandboxBaseDir } from '../../lib/postgres/sandbox-paths';
import type { ConfigBackup } from './config-backup';

/**
 * The collector's record of its server's original configuration, on disk beside it, so that
 * a collector killed in the middle of a change (kill -9, OOM, a reboot) can be replaced by one
 * that puts the original back. `changeInProgress` is set before the first change and cleared
 * only once the server is on its original again (ResetKnobs, a clean shutdown) or the
 * configuration in effect is adopted on purpose (KeepKnobs, --adopt-current).
 */
const RecordedOriginalSchema = z.object({
  version: z.literal(1),
  /** The password-free DSN, for people reading the file. */
  target: z.string(),
  /** postgresql.auto.conf as it was, when the collector could read the data directory. */
  autoConfText: z.string().nullable(),
  /** Catalog knob -> its postgresql.auto.conf entry (null: none). */
  autoConfValues: z.record(z.string(), z.string().nullable()),
  /** Catalog knob -> its live pg_settings value. */
  liveValues: z.record(z.string(), z.string()),
  changeInProgress: z.boolean(),
  recordedAt: z.string(),
});

export type RecordedOriginal = z.infer<typeof RecordedOriginalSchema>;

/**
 * Where collectors keep their records unless `--state-dir` says otherwise: beside the sandbox
 * and the private store (`$PG_AUTOTUNE_HOME/collector`, `/var/tmp/pg-autotune-0/collector` as
 * root, else `~/.cache/pg-autotune/collector`), a folder on disk that survives a reboot.
 */
export function defaultCollectorStateDir(): string {
  return path.join(path.dirname(defaultSandboxBaseDir()), 'collector');
}

/** One server's record in a state folder; the file is named after the server's identity. */
export class OriginalConfigFile {
  private constructor(readonly file: string) {}

  /**
   * @param serverId what tells this server from every other: its cluster's system
   *   identifier (a fresh initdb on a reused port is another server), made file-name safe.
   */
  static async open(stateDir: string, serverId: string): Promise<OriginalConfigFile> {
    // The parent may be the folder the sandbox shares with the postgres user (as root,
    // /var/tmp/pg-autotune-0): created here first, it must stay traversable as the sandbox makes it.
    await mkdir(path.dirname(stateDir), { recursive: true, mode: 0o755 });
    await mkdir(stateDir, { recursive: true, mode: 0o700 });
    return new OriginalConfigFile(path.join(stateDir, `original-${serverId.replace(/[^A-Za-z0-9._-]/g, '_')}.json`));
  }

  /** @throws FailedPreconditionError when the file exists but is not a record (never its content). */
  async read(): Promise<RecordedOriginal | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const record = RecordedOriginalSchema.safeParse(parsed);
    if (!record.success) {
      throw new FailedPreconditionError(
        `${this.file} is not a pg-autotune record of an original configuration: check the server's configuration by hand, then remove the file`,
      );
    }
    return record.data;
  }

  write(record: RecordedOriginal): Promise<void> {
    return writeFileDurably(this.file, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
  }
}

/** A record of `backup` and the live values, as found now. */
export function recordOf(target: string, backup: ConfigBackup, live: ReadonlyMap<string, string>, changeInProgress: boolean): RecordedOriginal {
  return {
    version: 1,
    target,
    autoConfText: backup.autoConfText,
    autoConfValues: Object.fromEntries(backup.autoConfValues),
    liveValues: Object.fromEntries(live),
    changeInProgress,
    recordedAt: new Date().toISOString(),
  };
}

/**
 * The backup a record holds, limited to `catalogNames` (a file edited by hand cannot make the
 * collector ALTER SYSTEM anything else). The file's text is used only with a data directory.
 */
export function backupOf(record: RecordedOriginal, catalogNames: readonly string[], hasDataDir: boolean): ConfigBackup {
  return {
    autoConfText: hasDataDir ? record.autoConfText : null,
    autoConfValues: new Map(catalogNames.map((name) => [name, record.autoConfValues[name] ?? null])),
  };
}
