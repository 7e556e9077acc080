import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killHard, runCollectorUntilExit, startCollectorProcess } from '../helpers/collector-process';
import { startSandbox, type SandboxFixture } from '../helpers/sandbox-fixture';
import { serverSetting } from '../helpers/server-setting';

/** The one record in the state folder, as bytes. */
function recordText(stateDir: string): string {
  const [name] = readdirSync(stateDir).filter((f) => /^original-.*\.json$/.test(f));
  return readFileSync(path.join(stateDir, name!), 'utf8');
}

describe('fault: two collectors for one server on one state folder', () => {
  let sandbox: SandboxFixture;
  let stateDir: string;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    sandbox = await startSandbox({ scale: 1 });
  });

  afterAll(async () => {
    for (const child of children) await killHard(child);
    await sandbox?.stop();
  });

  it('a second collector refuses while the first lives, changing nothing; after kill -9 of the first the next restores', async () => {
    stateDir = mkdtempSync(path.join(tmpdir(), 'pgat-state-'));
    const original = await serverSetting(sandbox.target, 'work_mem');
    const first = await startCollectorProcess(sandbox, stateDir);
    children.push(first.child);
    expect((await first.client.applyKnobs({ knobs: [{ name: 'work_mem', value: '8MB' }] })).applied).toBe(true);
    const before = recordText(stateDir);
    expect(JSON.parse(before).changeInProgress).toBe(true);

    const second = await runCollectorUntilExit(sandbox, stateDir);
    expect(second.code).not.toBe(0);
    const lines = second.output.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`pid ${first.child.pid}`);
    expect(lines[0]).toContain(stateDir);
    expect(second.output).not.toMatch(/\n\s+at /);
    // No restore ran: the live collector's change and its record are as they were.
    expect(recordText(stateDir)).toBe(before);
    expect(await serverSetting(sandbox.target, 'work_mem')).toBe('8192');
    first.client.close();

    await killHard(first.child);
    const third = await startCollectorProcess(sandbox, stateDir);
    children.push(third.child);
    expect(await serverSetting(sandbox.target, 'work_mem')).toBe(original);
    expect(third.log()).toContain('the recorded original configuration is restored');
    third.client.close();
    await killHard(third.child);
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('two collectors started at once after a kill -9: exactly one serves, the other refuses', async () => {
    stateDir = mkdtempSync(path.join(tmpdir(), 'pgat-state-'));
    const original = await serverSetting(sandbox.target, 'work_mem');
    const first = await startCollectorProcess(sandbox, stateDir);
    children.push(first.child);
    await first.client.applyKnobs({ knobs: [{ name: 'work_mem', value: '8MB' }] });
    first.client.close();
    await killHard(first.child);
    // The killed collector's lock is left behind: stale, to be taken over by one newcomer only.
    expect(readdirSync(stateDir).some((f) => f.endsWith('.json.lock'))).toBe(true);

    const results = await Promise.allSettled([startCollectorProcess(sandbox, stateDir), startCollectorProcess(sandbox, stateDir)]);
    const served = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r) => r.status === 'rejected');
    for (const r of served) children.push(r.value.child);
    expect(served).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(String(refused[0]!.reason)).toContain(`another collector (pid ${served[0]!.value.child.pid})`);
    expect(await serverSetting(sandbox.target, 'work_mem')).toBe(original);
    // A clean exit lets the lock go.
    const winner = served[0]!.value;
    winner.client.close();
    const exited = new Promise((resolve) => winner.child.once('exit', resolve));
    winner.child.kill('SIGTERM');
    await exited;
    expect(readdirSync(stateDir).filter((f) => f.includes('.lock'))).toEqual([]);
    rmSync(stateDir, { recursive: true, force: true });
  });
});
