import { spawnSync } from 'node:child_process';
import { closeSync, lstatSync, mkdtempSync, openSync, readdirSync, rmSync, statfsSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CollectorClient } from '../../lib/grpc/clients/collector-client';
import { checkHealth } from '../../lib/grpc/health-client';
import { startSandbox, type SandboxFixture } from '../helpers/sandbox-fixture';
import { serverSetting } from '../helpers/server-setting';
import { startServiceProcess, type ServiceProcess } from '../helpers/service-process';

/** Writes zeros into `file` until its file system has no byte left (ENOSPC). */
function fillUp(file: string): void {
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(4096);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    closeSync(fd);
  }
}

const freeBytes = (dir: string) => {
  const stats = statfsSync(dir);
  return stats.bavail * stats.bsize;
};

/**
 * pgbench's per-transaction log (latencies come from it) is a FIFO per thread in a folder
 * under the collector's TMPDIR, read while pgbench writes. Here TMPDIR is a 1 MB tmpfs filled
 * to its last byte before the run: a run whose log was a file (about 31 bytes a transaction)
 * hit ENOSPC within its first second; with FIFOs it writes nothing there, so a 10 s run
 * measures normally. Needs root (mount); skipped with a message otherwise.
 */
describe('fault: the transaction-log folder is on a full disk', () => {
  let sandbox: SandboxFixture;
  let stateDir: string;
  let mountPoint: string | undefined;
  let notMounted = '';
  let collector: ServiceProcess | undefined;

  beforeAll(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pgat-tmpfs-'));
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], { encoding: 'utf8' });
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
    await sandbox?.stop();
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
    if (mountPoint) {
      // Lazy: when the test failed, a pgbench the killed collector left may still hold a file there.
      spawnSync('umount', ['--lazy', mountPoint]);
      rmSync(mountPoint, { recursive: true, force: true });
    }
  });

  it('measures a run normally, writes nothing there, cleans its folder, and leaves the server and the collector fine', async (ctx) => {
    if (!mountPoint) return ctx.skip(notMounted);
    fillUp(path.join(mountPoint, 'filler'));
    expect(freeBytes(mountPoint)).toBe(0);
    const workMem = await serverSetting(sandbox.target, 'work_mem');
    collector = await startServiceProcess('collector', ['--target', sandbox.dsn, '--data-dir', sandbox.dataDir, '--state-dir', stateDir], {
      env: { TMPDIR: mountPoint },
    });
    const client = new CollectorClient(collector.address);
    try {
      const running = client.runBenchmark({ durationS: 10, clients: 2, threads: 2, scripts: [{ builtin: 'select-only' }] });
      // Awaited below; a failed check in between must not leave its rejection unhandled.
      running.catch(() => undefined);
      // Mid-run: the run's folder holds one FIFO per thread and nothing else, and the disk stays full (0 bytes written).
      let logFiles: string[] = [];
      for (let waited = 0; logFiles.length < 2 && waited < 60_000; waited += 100) {
        await delay(100);
        const folder = readdirSync(mountPoint).find((name) => name !== 'filler');
        logFiles = folder ? readdirSync(path.join(mountPoint, folder)).map((name) => path.join(mountPoint!, folder, name)) : [];
      }
      expect(logFiles).toHaveLength(2);
      await delay(3000);
      expect(logFiles.every((file) => lstatSync(file).isFIFO() && lstatSync(file).blocks === 0)).toBe(true);
      expect(freeBytes(mountPoint)).toBe(0);

      const result = await running;
      // Tens of thousands of transactions: a file log would have needed several MB here.
      expect(result.transactions).toBeGreaterThan(1000);
      expect(result.durationS).toBe(10);
      expect(result.latency?.p95Ms).toBeGreaterThan(0);
      expect(result.latency?.maxMs).toBeGreaterThanOrEqual(result.latency!.p99Ms);
      // Nothing of the run stays behind: only the filler is on the small disk.
      expect(readdirSync(mountPoint)).toEqual(['filler']);
      expect(await checkHealth(collector.address, 'autotune.v1.Collector', 2000)).toBe('SERVING');
      expect(await serverSetting(sandbox.target, 'work_mem')).toBe(workMem);
    } finally {
      client.close();
    }
  });
});
