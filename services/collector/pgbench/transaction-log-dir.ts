import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isProcessAlive } from '../../../lib/postgres/process-alive';

const PREFIX = 'pg-autotune-pgbench-';
const OWNED = new RegExp(`^${PREFIX}(\\d+)-`);

/**
 * The private folder of one run's per-transaction log FIFOs (transaction-log-pipes.ts), named
 * after this process so that a later collector can tell whose it is. mkdtemp makes it mode
 * 700: no one else can open the FIFOs. runBenchmark removes it in a `finally`; kill -9 skips
 * that, so a collector starting up removes the folders of processes that are gone
 * (removeOrphanedTransactionLogDirs).
 */
export function createTransactionLogDir(base: string = tmpdir()): Promise<string> {
  return mkdtemp(path.join(base, `${PREFIX}${process.pid}-`));
}

/** Removes the transaction-log folders whose process no longer runs; returns how many. */
export async function removeOrphanedTransactionLogDirs(base: string = tmpdir()): Promise<number> {
  const names = await readdir(base).catch(() => [] as string[]);
  let removed = 0;
  for (const name of names) {
    const pid = Number(OWNED.exec(name)?.[1]);
    if (!Number.isInteger(pid) || pid <= 0 || isProcessAlive(pid)) continue;
    await rm(path.join(base, name), { recursive: true, force: true });
    removed += 1;
  }
  return removed;
}
