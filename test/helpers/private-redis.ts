import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { findFreePort } from '../../lib/postgres/free-port';

/** A redis-server of one test file on a free loopback port, never the shared one on 6379. */
export interface PrivateRedis {
  readonly url: string;
  /** kill -9 and a fresh start on the same port: everything it held is gone (unless appendOnly). */
  restart(): Promise<void>;
  /** A client for checks; the caller quits it. */
  client(): Redis;
  stop(): Promise<void>;
}

export interface PrivateRedisOptions {
  /** Keep an append-only file (as docker-compose.yml's Redis does), in a folder of its own removed by stop(). @defaultValue false */
  appendOnly?: boolean;
}

export async function startPrivateRedis(options: PrivateRedisOptions = {}): Promise<PrivateRedis> {
  const port = await findFreePort();
  const dir = options.appendOnly ? mkdtempSync(path.join(tmpdir(), 'pgat-redis-')) : undefined;
  const persistence = dir ? ['--appendonly', 'yes', '--dir', dir] : ['--appendonly', 'no'];
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence], { stdio: 'ignore' });
    const probe = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => undefined);
    try {
      for (let i = 0; i < 100; i++) {
        if (child.exitCode !== null) throw new Error(`redis-server on port ${port} exited with ${child.exitCode}`);
        if (await probe.connect().then(() => probe.ping(), () => null)) return;
        probe.disconnect();
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`redis-server on port ${port} did not answer`);
    } finally {
      probe.disconnect();
    }
  };
  const kill = async () => {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill('SIGKILL');
    });
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    restart: async () => {
      await kill();
      await start();
    },
    client: () => new Redis({ port, host: '127.0.0.1' }),
    stop: async () => {
      await kill();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
