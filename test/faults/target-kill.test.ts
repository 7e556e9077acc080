import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CollectorClient } from '../../lib/grpc/clients/collector-client';
import { checkHealth } from '../../lib/grpc/health-client';
import { killPostmaster } from '../helpers/postmaster';
import { startSandbox, type SandboxFixture } from '../helpers/sandbox-fixture';
import { serverSetting } from '../helpers/server-setting';
import { startServiceProcess, type ServiceProcess } from '../helpers/service-process';

/**
 * The target PostgreSQL dies under the collector (kill -9 of its postmaster) while pgbench
 * runs: the collector must answer a clear error, stay healthy, work again once the server is
 * back, and put the original configuration back when asked.
 */
describe('fault: the target PostgreSQL killed with kill -9 in the middle of a benchmark', () => {
  let sandbox: SandboxFixture;
  let stateDir: string;
  let collector: ServiceProcess | undefined;

  beforeAll(async () => {
    sandbox = await startSandbox({ scale: 1 });
    stateDir = mkdtempSync(path.join(tmpdir(), 'pgat-state-'));
  });

  afterAll(async () => {
    await collector?.kill();
    await sandbox?.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('RunBenchmark fails with UNAVAILABLE or FAILED_PRECONDITION, the collector stays healthy, and after a start the next run works on the original', async () => {
    const original = await serverSetting(sandbox.target, 'work_mem');
    collector = await startServiceProcess('collector', ['--target', sandbox.dsn, '--data-dir', sandbox.dataDir, '--state-dir', stateDir]);
    const client = new CollectorClient(collector.address);
    try {
      // A tuning step's configuration is in effect when the server dies.
      expect((await client.applyKnobs({ knobs: [{ name: 'work_mem', value: '16MB' }] })).applied).toBe(true);
      const running = client.runBenchmark({ durationS: 30, clients: 2, scripts: [{ builtin: 'select-only' }] }).then(
        () => null,
        (err: Error & { code?: string }) => err,
      );
      await new Promise((r) => setTimeout(r, 2500));
      const killedAt = performance.now();
      await killPostmaster(sandbox.dataDir);

      const failure = await running;
      expect(failure, 'the benchmark must fail when its server dies').toBeInstanceOf(Error);
      // pgbench notices at once; not the 30 s the run was asked for.
      expect(performance.now() - killedAt).toBeLessThan(15_000);
      expect(failure!.name).toMatch(/^(UnavailableError|FailedPreconditionError)$/);
      expect(failure!.message).toMatch(/server|connect|terminat|pgbench/i);
      expect(failure!.message).not.toMatch(/\n\s+at |\.ts:\d+|\.js:\d+/);
      expect(await checkHealth(collector.address, 'autotune.v1.Collector', 2000)).toBe('SERVING');
      // While the server is down, a read of its metrics says so clearly too.
      const down = await client.snapshot().then(
        () => null,
        (err: Error) => err,
      );
      expect(down?.name).toBe('UnavailableError');
      expect(down!.message).not.toMatch(/\n\s+at |\.ts:\d+|\.js:\d+/);
      expect(collector.alive()).toBe(true);

      // The operator (or systemd) starts the server again: the collector works without a restart of its own.
      await sandbox.pgCtl.restart({ timeoutS: 60 });
      const result = await client.runBenchmark({ durationS: 2, clients: 2, scripts: [{ builtin: 'select-only' }] });
      expect(result.tps).toBeGreaterThan(0);
      await client.resetKnobs();
      expect(await serverSetting(sandbox.target, 'work_mem')).toBe(original);
      expect(await checkHealth(collector.address, 'autotune.v1.Collector', 2000)).toBe('SERVING');
    } finally {
      client.close();
    }
  });
});
