import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FailedPreconditionError } from '../../lib/core/errors';
import { runProgram } from '../../lib/postgres/run-program';

const dir = mkdtempSync(path.join(tmpdir(), 'pgat-run-program-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sh = (script: string, options: Parameters<typeof runProgram>[2] = {}) => runProgram('/bin/sh', ['-c', script], options);

describe('runProgram', () => {
  it('resolves with the exit status and output whatever the status', async () => {
    const result = await sh('echo out; echo err >&2; exit 3');
    expect(result).toEqual({ exitCode: 3, signal: null, stdout: 'out\n', stderr: 'err\n', timedOut: false });
  });

  it('keeps the end of each stream, up to maxOutputChars', async () => {
    const result = await sh('seq 1 5000; echo last', { maxOutputChars: 20 });
    expect(result.stdout).toHaveLength(20);
    expect(result.stdout.endsWith('4999\n5000\nlast\n')).toBe(true);
  });

  it('kills a program that outlives its timeout and says so', async () => {
    const started = Date.now();
    const result = await sh('exec sleep 30', { timeoutMs: 200 });
    expect(result).toMatchObject({ timedOut: true, exitCode: null, signal: 'SIGTERM' });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('kills the program when the signal aborts and rejects with its reason', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const run = sh('exec sleep 30', { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('session cancelled')), 200);
    await expect(run).rejects.toThrow('session cancelled');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('starts nothing when the signal has already aborted', async () => {
    const marker = path.join(dir, 'started');
    await expect(sh(`touch ${marker}`, { signal: AbortSignal.abort(new Error('too late')) })).rejects.toThrow('too late');
    expect(existsSync(marker)).toBe(false);
  });

  it('kills what a shell started too, with a process group of its own', async () => {
    const marker = path.join(dir, 'grandchild');
    const result = await sh(`(sleep 1; touch ${marker}) & wait`, { timeoutMs: 200, ownProcessGroup: true });
    expect(result.timedOut).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(existsSync(marker)).toBe(false);
  });

  it('detached: the program outlives this process, killed with kill -9', async () => {
    const outlives = await dieDuring(true);
    expect(outlives).toBe(true);
  }, 20_000);

  it('not detached: a program writing to our pipes dies with us (what detached prevents)', async () => {
    expect(await dieDuring(false)).toBe(false);
  }, 20_000);

  it('detached: output is read from its files, bounded, and the timeout kills the whole group', async () => {
    const result = await sh('seq 1 5000; echo last; echo err >&2', { detached: true, maxOutputChars: 20 });
    expect(result).toMatchObject({ exitCode: 0, stderr: 'err\n', timedOut: false });
    expect(result.stdout.endsWith('5000\nlast\n')).toBe(true);
    expect(result.stdout).toHaveLength(20);
    const marker = path.join(dir, 'detached-grandchild');
    const killed = await sh(`(sleep 1; touch ${marker}) & wait`, { timeoutMs: 200, detached: true });
    expect(killed.timedOut).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(existsSync(marker)).toBe(false);
  });

  it('names the program and what to install when it cannot start', async () => {
    const attempt = runProgram(path.join(dir, 'no-such-program'), [], { installHint: 'install the thing' });
    await expect(attempt).rejects.toBeInstanceOf(FailedPreconditionError);
    await expect(attempt).rejects.toThrow(/^cannot run .*no-such-program \(ENOENT\): install the thing$/);
  });
});

/**
 * A child Node process starts a program that prints for a second, then touches a marker, and
 * kills itself with SIGKILL at once: whether the marker appears tells whether the program
 * survived its parent's death.
 */
async function dieDuring(detached: boolean): Promise<boolean> {
  const marker = path.join(dir, `survived-${detached}`);
  const script = path.join(dir, `die-${detached}.ts`);
  writeFileSync(
    script,
    `import { runProgram } from ${JSON.stringify(path.resolve(__dirname, '../../lib/postgres/run-program'))};
void runProgram('/bin/sh', ['-c', 'for i in 1 2 3 4 5; do echo tick; sleep 0.2; done; touch ${marker}'], { detached: ${detached} });
setTimeout(() => process.kill(process.pid, 'SIGKILL'), 300);
`,
  );
  spawnSync(path.resolve(__dirname, '../../node_modules/.bin/tsx'), [script], { stdio: 'ignore', timeout: 15_000 });
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  return existsSync(marker);
}
