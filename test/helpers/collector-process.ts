import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { CollectorClient } from '../../lib/grpc/clients/collector-client';
import { checkHealth } from '../../lib/grpc/health-client';
import { findFreePort } from '../../lib/postgres/free-port';
import type { SandboxFixture } from './sandbox-fixture';

const MAIN = path.join(__dirname, '..', '..', 'dist', 'cli', 'main.js');

export interface CollectorProcess {
  child: ChildProcess;
  client: CollectorClient;
  /** Everything it printed so far (its log). */
  log: () => string;
}

/**
 * Spawns a real `serve collector` process (dist/, so `npm run build` first) on the sandbox
 * with --data-dir and the given state folder, and waits until it answers its health check:
 * start-up, and with it any restore, is then done. Rejects with its output when it exits.
 */
export async function startCollectorProcess(sandbox: SandboxFixture, stateDir: string, extraArgs: string[] = []): Promise<CollectorProcess> {
  const port = await findFreePort();
  const args = [MAIN, 'serve', 'collector', '--target', sandbox.dsn, '--data-dir', sandbox.dataDir, '--state-dir', stateDir, '--port', String(port), ...extraArgs];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const address = `127.0.0.1:${port}`;
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) throw new Error(`collector exited: ${output}`);
    if ((await checkHealth(address, 'autotune.v1.Collector', 1000).catch(() => 'DOWN')) === 'SERVING') {
      return { child, client: new CollectorClient(address), log: () => output };
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill('SIGKILL');
  throw new Error(`collector did not serve: ${output}`);
}

/** Runs `serve collector` until it exits by itself; its exit code and output. */
export function runCollectorUntilExit(sandbox: SandboxFixture, stateDir: string, timeoutMs = 60_000): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const args = [MAIN, 'serve', 'collector', '--target', sandbox.dsn, '--data-dir', sandbox.dataDir, '--state-dir', stateDir, '--port', '0'];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** kill -9, resolved once the process is gone. */
export function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}
