import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTransactionLogDir, removeOrphanedTransactionLogDirs } from '../../services/collector/pgbench/transaction-log-dir';

const base = mkdtempSync(path.join(tmpdir(), 'pgat-txlog-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('transaction-log folders', () => {
  it('are named after this process, and only folders of processes that are gone are removed', async () => {
    const mine = await createTransactionLogDir(base);
    expect(path.basename(mine)).toMatch(new RegExp(`^pg-autotune-pgbench-${process.pid}-`));
    // A pid that has just exited: what a killed collector leaves behind.
    const dead = spawnSync('/bin/true').pid!;
    const orphan = path.join(base, `pg-autotune-pgbench-${dead}-abc`);
    mkdirSync(orphan);
    writeFileSync(path.join(orphan, 'pgbench_log.1'), '0 1 100 0 1 2\n');
    const unrelated = path.join(base, 'pg-autotune-pgbench-notapid');
    mkdirSync(unrelated);

    expect(await removeOrphanedTransactionLogDirs(base)).toBe(1);
    expect(existsSync(orphan)).toBe(false);
    expect(existsSync(mine)).toBe(true);
    expect(existsSync(unrelated)).toBe(true);
  });
});
