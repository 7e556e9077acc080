import { randomUUID } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { LuaScript } from '../../model/replay/lua-script';
import { maskRedisUrl } from '../../model/replay/mask-redis-url';
import { MemoryReplayBuffer } from '../../model/replay/memory-replay-buffer';
import { RedisReplayBuffer } from '../../model/replay/redis-replay-buffer';
import type { RedisReplayBufferOptions } from '../../model/replay/redis-replay-buffer-options';
import { describeReplayBufferConformance, seeded, transition } from './replay-buffer.conformance';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Every key this file writes starts with it, and afterEach checks none is left behind. */
const KEY_PREFIX = `test:replay-${randomUUID()}`;

let admin: Redis;
beforeAll(() => {
  admin = new Redis(REDIS_URL);
});
afterAll(async () => {
  await admin.quit();
});
afterEach(async () => {
  expect(await keysLeft()).toEqual([]);
});

async function keysLeft(): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await admin.scan(cursor, 'MATCH', `${KEY_PREFIX}*`, 'COUNT', 1000);
    found.push(...keys);
    cursor = next;
  } while (cursor !== '0');
  return found;
}

/** Each buffer gets its own random session under the file's prefix. */
function openBuffer(options: Omit<RedisReplayBufferOptions, 'session'> & { session?: string }): Promise<RedisReplayBuffer> {
  const session = options.session ?? randomUUID();
  const location = options.client ? {} : { url: options.url ?? REDIS_URL };
  return RedisReplayBuffer.open({ keyPrefix: KEY_PREFIX, ...options, ...location, session });
}

function commandNames(sent: { mock: { calls: Array<[{ name: string }, ...unknown[]]> } }): string[] {
  return sent.mock.calls.map(([command]) => command.name.toLowerCase());
}

describeReplayBufferConformance('RedisReplayBuffer', (options) => openBuffer(options));

describe('RedisReplayBuffer', () => {
  it('fails fast when Redis refuses the connection, naming the URL with the password masked', async () => {
    const started = Date.now();
    const error = await openBuffer({ stateDim: 2, actionDim: 1, url: 'redis://tuner:s3cret@127.0.0.1:1' }).catch(
      (err: unknown) => err,
    );
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(error).toMatchObject({ name: 'ReplayBufferUnavailableError', code: 'UNAVAILABLE', url: 'redis://tuner:***@127.0.0.1:1' });
    expect((error as Error).message).toContain('redis://tuner:***@127.0.0.1:1');
    expect((error as Error).message).toContain('ECONNREFUSED');
    expect((error as Error).message).not.toContain('s3cret');
    expect((error as Error).cause).toBeInstanceOf(Error);
  });

  it('fails within connectTimeoutMs when a server accepts the connection but never answers', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      const started = Date.now();
      await expect(
        openBuffer({ stateDim: 2, actionDim: 1, url: `redis://127.0.0.1:${port}`, connectTimeoutMs: 300 }),
      ).rejects.toThrow(`replay buffer: Redis at redis://127.0.0.1:${port} is unavailable: timed out after 300 ms`);
      expect(Date.now() - started).toBeLessThan(1_500);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('samples, adds and updates priorities in one round trip each', async () => {
    const client = new Redis(REDIS_URL);
    const buffer = await openBuffer({ stateDim: 3, actionDim: 2, capacity: 100, prioritized: true, client });
    try {
      await buffer.add(transition(0, 3, 2));
      await buffer.sample(1, seeded(1));
      await buffer.updatePriorities([0], [2]);
      // The scripts are cached on the server now; count what each call sends.
      const sent = vi.spyOn(client, 'sendCommand');
      await buffer.add(transition(1, 3, 2));
      expect(sent).toHaveBeenCalledTimes(1);
      await buffer.sample(64, seeded(2));
      expect(sent).toHaveBeenCalledTimes(2);
      await buffer.updatePriorities([0, 1], [1, 5]);
      expect(sent).toHaveBeenCalledTimes(3);
      expect(commandNames(sent)).toEqual(['evalsha', 'evalsha', 'evalsha']);
      sent.mockRestore();
    } finally {
      await buffer.clear();
      await buffer.close();
      await client.quit();
    }
  });

  it('leaves a client it was given open, and quits the one it opened', async () => {
    const client = new Redis(REDIS_URL);
    const borrowed = await openBuffer({ stateDim: 2, actionDim: 1, client });
    await borrowed.close();
    expect(await client.ping()).toBe('PONG');
    await client.quit();

    const owning = await openBuffer({ stateDim: 2, actionDim: 1 });
    const connection = (owning as unknown as { redis: Redis }).redis;
    await owning.close();
    await owning.close();
    // quit() resolves on the server's OK; the socket closes just after.
    await new Promise((resolve) => (connection.status === 'end' ? resolve(null) : connection.once('end', resolve)));
    expect(connection.status).toBe('end');
  });

  it('keeps a session across buffers, and refuses to open it with another layout', async () => {
    const session = randomUUID();
    const first = await openBuffer({ session, stateDim: 3, actionDim: 2, capacity: 10 });
    for (let i = 0; i < 4; i++) await first.add(transition(i, 3, 2));
    await first.close();

    const again = await openBuffer({ session, stateDim: 3, actionDim: 2, capacity: 10 });
    expect(await again.size()).toBe(4);
    const batch = await again.sample(20, seeded(3));
    expect(new Set(batch.rewards)).toEqual(new Set([0, 1, 2, 3]));

    const error = await openBuffer({ session, stateDim: 4, actionDim: 2, capacity: 10 }).catch((err: unknown) => err);
    expect(error).toMatchObject({ name: 'ReplayArgumentError', field: 'session' });
    expect((error as Error).message).toContain(
      'holds transitions with stateDim=3 actionDim=2 capacity=10 prioritized=false, ' +
        'this buffer was opened with stateDim=4 actionDim=2 capacity=10 prioritized=false',
    );

    expect(await RedisReplayBuffer.dropSession(admin, session, KEY_PREFIX)).toBe(2);
    expect(await again.size()).toBe(0);
    await again.close();
  });

  it('rejects a session or prefix that would break the key layout', async () => {
    await expect(openBuffer({ stateDim: 2, actionDim: 1, session: 'a}b' })).rejects.toThrow(/^session: must be/);
    await expect(openBuffer({ stateDim: 2, actionDim: 1, session: '' })).rejects.toThrow(/^session: must be/);
    await expect(RedisReplayBuffer.open({ stateDim: 2, actionDim: 1, session: 'x', keyPrefix: 'a*' })).rejects.toThrow(
      /^keyPrefix: must be/,
    );
  });

  it('draws the same slots as MemoryReplayBuffer from the same random numbers', async () => {
    for (const prioritized of [false, true]) {
      const options = { stateDim: 2, actionDim: 1, capacity: 37, prioritized };
      const memory = new MemoryReplayBuffer(options);
      const redis = await openBuffer(options);
      for (let i = 0; i < 50; i++) {
        const priority = prioritized ? 1 + ((i * 7919) % 13) / 3 : undefined;
        await memory.add(transition(i, 2, 1), priority);
        await redis.add(transition(i, 2, 1), priority);
      }
      const fromMemory = await memory.sample(200, seeded(4));
      const fromRedis = await redis.sample(200, seeded(4));
      expect(fromRedis.indices).toEqual(fromMemory.indices);
      expect(fromRedis.states).toEqual(fromMemory.states);
      await redis.clear();
      await redis.close();
    }
  });

  it('measures the memory its keys take', async () => {
    const buffer = await openBuffer({ stateDim: 20, actionDim: 6, capacity: 5_000, prioritized: true });
    expect(await buffer.memoryUsageBytes()).toBe(0);
    for (let i = 0; i < 2_000; i++) await buffer.add(transition(i, 20, 6));
    const recordBytes = (2 * 20 + 6 + 2) * 4;
    const bytes = await buffer.memoryUsageBytes();
    // Records plus a sum tree of 2 * 8192 float64 nodes, grown to the last leaf written.
    expect(bytes).toBeGreaterThan(2_000 * recordBytes);
    expect(bytes).toBeLessThan(2 * (2_000 * recordBytes + 2 * 8_192 * 8));
    await buffer.clear();
    await buffer.close();
  });
});

describe('LuaScript', () => {
  it('falls back to EVAL once when the server does not know the script, then uses EVALSHA', async () => {
    const client = new Redis(REDIS_URL);
    const script = new LuaScript(`return ARGV[1] .. ' ${randomUUID()}'`);
    await client.ping(); // past the connection's own handshake commands
    const sent = vi.spyOn(client, 'sendCommand');
    try {
      expect(String(await script.run(client, [], ['hello']))).toMatch(/^hello /);
      expect(commandNames(sent)).toEqual(['evalsha', 'eval']);
      await script.run(client, [], ['again']);
      expect(commandNames(sent)).toEqual(['evalsha', 'eval', 'evalsha']);
    } finally {
      sent.mockRestore();
      await client.quit();
    }
  });
});

describe('maskRedisUrl', () => {
  it.each([
    ['redis://user:secret@host:6379/0', 'redis://user:***@host:6379/0'],
    ['rediss://:secret@host', 'rediss://:***@host'],
    ['redis://host:6379?password=secret&db=1', 'redis://host:6379?password=***&db=1'],
    ['redis://user@host', 'redis://user@host'],
    ['redis://127.0.0.1:6379', 'redis://127.0.0.1:6379'],
  ])('%s -> %s', (url, masked) => {
    expect(maskRedisUrl(url)).toBe(masked);
  });
});
