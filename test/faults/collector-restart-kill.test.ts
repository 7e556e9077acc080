import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForConnection } from '../../lib/postgres/wait-for-connection';
import { killHard, runCollectorUntilExit, startCollectorProcess } from '../helpers/collector-process';
import { startSandbox, type SandboxFixture } from '../helpers/sandbox-fixture';
import { serverSetting } from '../helpers/server-setting';
import { pgCtlRestartRunning } from '../helpers/session-stack';

// A restart knob: changing it makes ApplyKnobs run `pg_ctl restart`. 256MB is within the safe range (128MB .. 40% of RAM) on a test host.
const STEP_VALUE = '256MB';
const STEP_SETTING = String((256 * 1024) / 8);

describe('fault: the collector killed with kill -9 during a restart', () => {
  let sandbox: SandboxFixture;
  let stateDir: string;
  let original: string;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    sandbox = await startSandbox({ scale: 1 });
    stateDir = mkdtempSync(path.join(tmpdir(), 'pgat-state-'));
    original = await serverSetting(sandbox.target, 'shared_buffers');
    expect(original).not.toBe(STEP_SETTING);
  });

  afterAll(async () => {
    for (const child of children) await killHard(child);
    await sandbox?.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('the detached pg_ctl restart completes without the collector, and a new collector puts the original back', async () => {
    const first = await startCollectorProcess(sandbox, stateDir);
    children.push(first.child);
    const applying = first.client.applyKnobs({ knobs: [{ name: 'shared_buffers', value: STEP_VALUE }] }).catch((err: Error) => err);
    // Kill it the moment pg_ctl restart shows up: the server is then stopping or stopped.
    const seen = await waitFor(() => pgCtlRestartRunning(sandbox.dataDir), 30_000);
    expect(seen).toBe(true);
    await killHard(first.child);
    expect(await applying).toBeInstanceOf(Error);
    first.client.close();

    // No collector runs now: the server comes back only if pg_ctl outlived the collector.
    await waitForConnection(sandbox.target, 30);

    const started = performance.now();
    const second = await startCollectorProcess(sandbox, stateDir);
    children.push(second.child);
    expect(performance.now() - started).toBeLessThan(30_000);
    expect(await serverSetting(sandbox.target, 'shared_buffers')).toBe(original);
    expect(second.log()).toContain('the recorded original configuration is restored');
    second.client.close();
    await killHard(second.child);
  });

  it('a server left stopped half-way is started by the next collector on the original, with no manual step', async () => {
    const first = await startCollectorProcess(sandbox, stateDir);
    children.push(first.child);
    const applied = await first.client.applyKnobs({ knobs: [{ name: 'shared_buffers', value: STEP_VALUE }] });
    expect(applied).toMatchObject({ applied: true, restarted: true });
    first.client.close();
    await killHard(first.child);
    // What a restart cut in half leaves: the server down, postgresql.auto.conf on the step's value.
    await sandbox.pgCtl.stop();

    const started = performance.now();
    const second = await startCollectorProcess(sandbox, stateDir);
    children.push(second.child);
    expect(performance.now() - started).toBeLessThan(30_000);
    expect(await serverSetting(sandbox.target, 'shared_buffers')).toBe(original);
    expect(second.log()).toContain('it is started again on the recorded original configuration');
    second.client.close();
    await killHard(second.child);
  });

  it('a server stopped by someone else, with no unfinished change, stays stopped and the collector says why', async () => {
    await sandbox.pgCtl.stop();
    try {
      const { code, output } = await runCollectorUntilExit(sandbox, stateDir);
      expect(code).not.toBe(0);
      expect(output).toContain('no unfinished change of pg-autotune to it is recorded');
      expect(output).not.toMatch(/\n\s+at /);
      expect(await sandbox.pgCtl.status()).toBe('stopped');
    } finally {
      await sandbox.pgCtl.start();
    }
  });
});

async function waitFor(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}
