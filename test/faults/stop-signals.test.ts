import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { STOP_WITH_PARENT_ENV, orphanLogFile } from '../../cli/stop-with-parent';
import { until } from '../helpers/service-process';

const MAIN = path.join(__dirname, '..', '..', 'dist', 'cli', 'main.js');
const SLOW_STOP = path.join(__dirname, '..', 'fixtures', 'slow-stop.ts');

const exited = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => resolve({ code, signal }));
  });
const outputOf = (child: ChildProcess) => {
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  return () => output;
};

describe('fault: signals and the lifeline never cut a stop short', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pgat-stop-signals-'));
  const started: ChildProcess[] = [];
  afterAll(() => {
    for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('a second SIGTERM (and a SIGINT) while the stop runs: the stop finishes and the process exits 0', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', SLOW_STOP], { env: { ...process.env, STOP_MS: '1500' }, stdio: ['ignore', 'pipe', 'pipe'] });
    started.push(child);
    const log = outputOf(child);
    await until('the command to wait', () => log().includes('waiting'), 20_000, log);
    child.kill('SIGTERM');
    await until('the stop to begin', () => log().includes('"msg":"shutting down"'), 5_000, log);
    child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 200));
    child.kill('SIGINT');
    expect(await exited(child)).toEqual({ code: 0, signal: null });
    expect(log()).toContain('stopped cleanly');
    expect(log().match(/"msg":"already stopping"/g)).toHaveLength(1);
  }, 30_000);

  /** `serve collector` as `serve all` starts it (an IPC channel), against the local server, read-only; `lifeline` sets the variable. */
  const forkCollector = async (lifeline: boolean) => {
    const stateDir = mkdtempSync(path.join(dir, 'state-'));
    const env: NodeJS.ProcessEnv = { ...process.env, [STOP_WITH_PARENT_ENV]: lifeline ? '1' : undefined };
    const args = ['serve', 'collector', '--target', 'postgres://postgres@127.0.0.1:5432/postgres', '--state-dir', stateDir, '--listen', '127.0.0.1', '--port', '0'];
    const child = fork(MAIN, args, { env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    started.push(child);
    const log = outputOf(child);
    await until('the collector to serve', () => log().includes('"msg":"collector serving"'), 30_000, log);
    return { child, log, stateDir };
  };

  it('without the variable the lifeline is inactive: a collector whose parent disconnects runs on', async () => {
    const { child, log } = await forkCollector(false);
    child.disconnect();
    await new Promise((r) => setTimeout(r, 2_000));
    expect(child.exitCode ?? child.signalCode).toBeNull();
    child.kill('SIGTERM');
    expect(await exited(child)).toEqual({ code: 0, signal: null });
    expect(log()).toContain('"signal":"SIGTERM","msg":"shutting down"');
  }, 60_000);

  it('with it: the collector stops when its parent is gone, and logs its shutdown to a file in its state directory', async () => {
    const { child, stateDir } = await forkCollector(true);
    const pid = child.pid!;
    child.disconnect();
    expect(await exited(child)).toEqual({ code: 0, signal: null });
    const file = readFileSync(orphanLogFile(stateDir, pid), 'utf8');
    expect(file).toContain('"signal":"parent gone","msg":"shutting down"');
  }, 60_000);
});
