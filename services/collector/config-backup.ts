import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ClientBase } from 'pg';
import { escapeIdentifier, escapeLiteral } from 'pg';
import { writeFileDurably } from '../../lib/core/durable-write';

/**
 * What postgresql.auto.conf held at one moment, so a change can be undone.
 *
 * With the data directory at hand the file itself is kept and written back byte for byte:
 * that is exact and works while the server is down (the case that matters: a setting that
 * stops it from starting). Without it, only the catalog knobs' entries are known, read from
 * pg_settings, and restored with ALTER SYSTEM SET/RESET while the server runs.
 */
export interface ConfigBackup {
  /** The file's text, when the collector can read the data directory. */
  autoConfText: string | null;
  /** Catalog knob -> value set in postgresql.auto.conf, or null when it had no entry. */
  autoConfValues: Map<string, string | null>;
}

export function autoConfPath(dataDir: string): string {
  return path.join(dataDir, 'postgresql.auto.conf');
}

export async function captureConfig(client: ClientBase, knobNames: string[], dataDir?: string): Promise<ConfigBackup> {
  const { rows } = await client.query<{ name: string; setting: string }>(
    `SELECT name, setting FROM pg_settings
      WHERE name = ANY($1::text[]) AND sourcefile IS NOT NULL AND sourcefile LIKE '%postgresql.auto.conf'`,
    [knobNames],
  );
  const autoConfValues = new Map<string, string | null>(knobNames.map((n) => [n, null]));
  for (const row of rows) autoConfValues.set(row.name, row.setting);
  const autoConfText = dataDir ? await readFile(autoConfPath(dataDir), 'utf8') : null;
  return { autoConfText, autoConfValues };
}

/**
 * Writes the saved file back, atomically and durably, with the owner the data directory has (we may
 * be root; the server runs as postgres and must be able to rewrite the file with ALTER SYSTEM).
 */
export async function writeAutoConf(dataDir: string, text: string): Promise<void> {
  const owner = await stat(dataDir);
  await writeFileDurably(autoConfPath(dataDir), text, { mode: 0o600, owner: { uid: owner.uid, gid: owner.gid } });
}

/**
 * Restores the catalog knobs' entries with ALTER SYSTEM. Names come from the catalog (a fixed
 * whitelist) and values from the server's own pg_settings; both are still escaped.
 */
export async function restoreWithAlterSystem(client: ClientBase, backup: ConfigBackup): Promise<void> {
  for (const [name, value] of backup.autoConfValues) {
    const statement =
      value === null
        ? `ALTER SYSTEM RESET ${escapeIdentifier(name)}`
        : `ALTER SYSTEM SET ${escapeIdentifier(name)} = ${escapeLiteral(value)}`;
    await client.query(statement);
  }
}
