import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenRequest__Output } from '../../proto/generated/autotune/v1/OpenRequest';
import { NotFoundError } from '../../lib/core/errors';
import { pgCtlControl } from '../../lib/postgres/server-control';
import { startCollector } from '../../services/collector/start-collector';
import { EnvironmentService } from '../../services/environment/environment-service';
import { startSandbox, type SandboxFixture } from '../helpers/sandbox-fixture';
import { serverSetting } from '../helpers/server-setting';

describe('Environment service: open environments expire when unused', () => {
  let sandbox: SandboxFixture;
  let stateDir: string;
  let collector: Awaited<ReturnType<typeof startCollector>>;
  let service: EnvironmentService;

  beforeAll(async () => {
    sandbox = await startSandbox({ scale: 1 });
    stateDir = mkdtempSync(path.join(tmpdir(), 'pgat-state-'));
    collector = await startCollector({ target: sandbox.target, control: pgCtlControl(sandbox.pgCtl), dataDir: sandbox.dataDir, stateDir, port: 0 });
    service = new EnvironmentService({ idleTimeoutMs: 1_500 });
  });

  afterAll(async () => {
    service?.dispose();
    await collector?.stop();
    await sandbox?.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('an environment left open is closed after the idle timeout, its original configuration restored, like Close', async () => {
    const original = await serverSetting(sandbox.target, 'work_mem');
    const request = {
      collectorAddress: collector.address,
      benchmark: { scripts: [{ builtin: 'select-only' }], clients: 1, durationS: 1, warmupS: 0 },
      startKnobs: [{ name: 'work_mem', value: '8MB' }],
    } as unknown as OpenRequest__Output;
    const opened = await service.open(request);
    expect(await serverSetting(sandbox.target, 'work_mem')).toBe('8192');
    expect(service.openCount).toBe(1);

    // Expiry drops the environment first (later calls get NOT_FOUND), then restores.
    const deadline = Date.now() + 10_000;
    while ((await serverSetting(sandbox.target, 'work_mem')) !== original && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await serverSetting(sandbox.target, 'work_mem')).toBe(original);
    expect(service.openCount).toBe(0);
    const late = service.reset({ envId: opened.envId! });
    await expect(late).rejects.toBeInstanceOf(NotFoundError);
    await expect(late).rejects.toThrow(/expired after 1.5 s unused/);
  });
});
