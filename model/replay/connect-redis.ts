import { Redis } from 'ioredis';
import { maskRedisUrl } from './mask-redis-url';
import { ReplayBufferUnavailableError } from './replay-buffer-unavailable-error';
import { withTimeout } from './with-timeout';

/**
 * Opens a connection for a replay buffer that owns it, failing fast: ioredis by default
 * queues commands and reconnects forever, so a missing Redis looks like a hang. Here the
 * first connection must be ready within `connectTimeoutMs` (TCP connect and the ready
 * check both count), and once open, a command sent while the connection is down fails at
 * once instead of waiting in an offline queue. Reconnection after a later drop is left on.
 *
 * @throws ReplayBufferUnavailableError naming the URL, password masked.
 */
export async function connectRedis(url: string, connectTimeoutMs: number): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: connectTimeoutMs,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
  });
  // ioredis also emits every socket error as an event and prints it when nobody listens;
  // the commands that fail report it, so the event only keeps the first cause for us.
  let firstError: unknown;
  redis.on('error', (err: unknown) => {
    firstError ??= err;
  });
  try {
    await withTimeout(redis.connect(), connectTimeoutMs);
    return redis;
  } catch (err) {
    redis.disconnect();
    throw new ReplayBufferUnavailableError(maskRedisUrl(url), { cause: firstError ?? err });
  }
}
