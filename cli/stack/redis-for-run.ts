import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import Redis from 'ioredis';
import { maskRedisUrl } from '../../model/replay/mask-redis-url';
import { UnavailableError } from '../../lib/core/errors';
import { findFreePort } from '../../lib/postgres/free-port';

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

export interface RedisForRun {
  url: string;
  /** Set when this run started its own redis-server. */
  private: boolean;
  stop(): Promise<void>;
}

/**
 * The Redis a run uses for its replay buffers: the one given (it must answer), else the local
 * default, else, where redis-server is installed, a private one on a free loopback port that
 * keeps nothing on disk and ends with the run, even one killed with SIGKILL
 * (diesWithThisProcess). Losing it loses no data: the trainer rebuilds the replay buffer from
 * the metadata store.
 */
export async function redisForRun(url?: string): Promise<RedisForRun> {
  const wanted = url ?? DEFAULT_REDIS_URL;
  if (await answers(wanted)) return { url: wanted, private: false, stop: async () => undefined };
  if (url !== undefined) {
    throw new UnavailableError(`Redis at ${maskRedisUrl(url)} does not answer; start it, or leave out --redis to use a private one`);
  }
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    throw new UnavailableError(
      `no Redis answers at ${DEFAULT_REDIS_URL} and redis-server is not installed: install it (Debian: apt-get install redis-server) or pass --redis URL`,
    );
  }
  const port = await findFreePort();
  const [command, ...prefix] = [...diesWithThisProcess(), 'redis-server'];
  const child = spawn(command!, [...prefix, '--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  const privateUrl = `redis://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  while (!(await answers(privateUrl))) {
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill('SIGKILL');
      throw new UnavailableError(`a private redis-server on port ${port} did not start`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url: privateUrl, private: true, stop: () => stopChild(child) };
}

/**
 * The words before `redis-server` that make the kernel send it SIGTERM when this process dies,
 * SIGKILL and crashes included, when no stop() runs: `setpriv --pdeathsig` (util-linux, on
 * every Linux this runs on), kept across its exec of redis-server. A private Redis left behind
 * would hold a port and memory forever, and nobody knows it is there. The probe runs the very
 * words on `true`: `--help` answers on every setpriv, but --pdeathsig exists only from
 * util-linux 2.33 (busybox's setpriv has none), and an older one would refuse the option and
 * so fail every start. Without a setpriv that takes it (not Linux, old util-linux) none: the
 * private Redis then outlives a run killed with SIGKILL.
 */
function diesWithThisProcess(): string[] {
  const words = ['setpriv', '--pdeathsig', 'SIGTERM', '--'];
  return spawnSync(words[0]!, [...words.slice(1), 'true'], { stdio: 'ignore' }).status === 0 ? words : [];
}

async function answers(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 1_000, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
