import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { checkHealth } from '../../lib/grpc/health-client';
import { findFreePort } from '../../lib/postgres/free-port';

const MAIN = path.join(__dirname, '..', '..', 'dist', 'cli', 'main.js');

/** A real `pg-autotune serve <service>` process, built from dist/ (`npm run build` first). */
export interface ServiceProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** 127.0.0.1:<port>; empty for the trainer, which serves no port. */
  readonly address: string;
  /** Everything it printed so far (stdout and stderr, pino lines). */
  log(): string;
  /** kill -9, resolved once it is gone. */
  kill(): Promise<void>;
  /** SIGTERM, resolved with its exit code once it is gone (SIGKILL after `graceMs`). */
  stop(graceMs?: number): Promise<number | null>;
  /** Whether the process still runs. */
  alive(): boolean;
}

export interface StartServiceOptions {
  /** Extra environment variables (TMPDIR, ...). */
  env?: NodeJS.ProcessEnv;
  /** @defaultValue 30_000 */
  readyTimeoutMs?: number;
  /** Listen here: a replacement for a killed service, at the address registered for it. @defaultValue a free port */
  port?: number;
}

/**
 * Starts `serve <service> ...args` on a free port (the trainer gets no --port) and, for a
 * gRPC service, waits until its health check says SERVING; fails with its output if it
 * exits first.
 */
export async function startServiceProcess(service: string, args: string[], options: StartServiceOptions = {}): Promise<ServiceProcess> {
  const port = service === 'trainer' ? 0 : (options.port ?? (await findFreePort()));
  const portArgs = service === 'trainer' ? [] : ['--port', String(port)];
  const child = spawn(process.execPath, [MAIN, 'serve', service, ...args, ...portArgs], {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const alive = () => child.exitCode === null && child.signalCode === null;
  const address = port === 0 ? '' : `127.0.0.1:${port}`;
  const handle: ServiceProcess = {
    name: service,
    child,
    address,
    log: () => output,
    alive,
    kill: async () => {
      if (alive()) child.kill('SIGKILL');
      await exited;
    },
    stop: async (graceMs = 15_000) => {
      if (alive()) child.kill('SIGTERM');
      const timer = setTimeout(() => alive() && child.kill('SIGKILL'), graceMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
  if (!address) return handle;
  const deadline = Date.now() + (options.readyTimeoutMs ?? 30_000);
  while (Date.now() < deadline) {
    if (!alive()) throw new Error(`${service} exited before serving: ${output.slice(-3000)}`);
    if ((await checkHealth(address, '', 1000).catch(() => 'DOWN')) === 'SERVING') return handle;
    await new Promise((r) => setTimeout(r, 250));
  }
  await handle.kill();
  throw new Error(`${service} did not serve within its time: ${output.slice(-3000)}`);
}

/**
 * Polls `check` every `intervalMs` until it holds; the error names `what` and `context()` (logs).
 * A short interval catches a moment that lasts well under a second (a restart, a reload).
 */
export async function until(
  what: string,
  check: () => Promise<boolean> | boolean,
  timeoutMs: number,
  context: () => string = () => '',
  intervalMs = 250,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}. ${context()}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
