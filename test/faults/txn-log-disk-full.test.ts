import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CollectorClient } from '../../lib/grpc/clients/collector-client';
import { checkHealth } from '../../lib/grpc/health-client';
import { startSandbox, type SandboxFixture } from '../helpers/sandbox-fixture';
import { serverSetting } from '../helpers/server-setting';
import { startServiceProcess, type ServiceProcess } from '../helpers/service-process';

/**
 * pgbench's per-transaction log (latencies come from it) lives in a temporary folder under
 * the collector's TMPDIR. Here that is a 2 MB tmpfs, filled up to its last 64 kB before the
 * run, so the log hits ENOSPC within the first second. Needs root (mount); skipped with a
 * message otherwise.
 */
describe('fault: the transaction-log folder runs out of space during a benchmark', () => {
  let sandbox: SandboxFixture;
  let stateDir: string;
  let mountPoint: string | undefined;
  let notMounted = '';
  let collector: ServiceProcess | undefined;

  beforeAll(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pgat-tmpfs-'));
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', dir], { encoding: 'utf8' });
    if (mounted.status === 0) mountPoint = dir;
    else {
      notMounted = `mount -t tmpfs is not allowed here (${(mounted.stderr || mounted.error?.message || '').trim()}); run the fault suite as root`;
      rmSync(dir, { recursive: true, force: true });
      return;
    }
    sandbox = await startSandbox({ scale: 1 });
    stateDir = mkdtempSync(path.join(tmpdir(), 'pgat-state-'));
  });

  afterAll(async () => {
    await collector?.kill();
    if (mountPoint) {
      spawnSync('umount', [mountPoint]);
      rmSync(mountPoint, { recursive: true, force: true });
    }
    await sandbox?.stop();
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  });

  it('fails with a clear error or degrades, cleans its folder, and leaves the server and the collector fine', async (ctx) => {
    if (!mountPoint) return ctx.skip(notMounted);
    const filler = path.join(mountPoint, 'filler');
    writeFileSync(filler, Buffer.alloc(2 * 1024 * 1024 - 64 * 1024));
    const workMem = await serverSetting(sandbox.target, 'work_mem');
    collector = await startServiceProcess('collector', ['--target', sandbox.dsn, '--data-dir', sandbox.dataDir, '--state-dir', stateDir], {
      env: { TMPDIR: mountPoint },
    });
    const client = new CollectorClient(collector.address);
    try {
      const outcome = await client.runBenchmark({ durationS: 5, clients: 2, scripts: [{ builtin: 'select-only' }] }).then(
        (result) => ({ result, error: null }),
        (error: Error & { code?: number }) => ({ result: null, error }),
      );
      if (outcome.error) {
        // Clear: a precondition of the host, no stack trace, no INTERNAL.
        expect(outcome.error.name).toBe('FailedPreconditionError');
        expect(outcome.error.message).toMatch(/transaction log.*(full|space)/i);
        expect(outcome.error.message).toContain('TMPDIR');
        expect(outcome.error.message).not.toMatch(/\n\s+at |\.ts:\d+|\.js:\d+/);
      } else {
        // Degraded: numbers from what pgbench could report.
        expect(outcome.result!.tps).toBeGreaterThan(0);
      }
      // Nothing of the run stays behind: only the filler is on the small disk.
      expect(readdirSync(mountPoint)).toEqual(['filler']);
      expect(await checkHealth(collector.address, 'autotune.v1.Collector', 2000)).toBe('SERVING');
      expect(await serverSetting(sandbox.target, 'work_mem')).toBe(workMem);

      // With space again, the next run measures normally (short: a fast select-only second
      // logs a few hundred kB, and 2 s with 2 clients filled the 2 MB on an idle machine).
      rmSync(filler);
      const result = await client.runBenchmark({ durationS: 1, clients: 1, scripts: [{ builtin: 'select-only' }] });
      expect(result.tps).toBeGreaterThan(0);
      expect(result.latency?.p95Ms).toBeGreaterThan(0);
      expect(readdirSync(mountPoint)).toEqual([]);
    } finally {
      client.close();
    }
  });
});
