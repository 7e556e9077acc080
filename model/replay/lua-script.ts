import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * A Lua script run by EVALSHA, falling back to EVAL when the server does not know it yet
 * (first use, SCRIPT FLUSH, a restarted Redis): one round trip in the usual case. Unlike
 * ioredis' defineCommand it adds nothing to a client the caller passed in. Bulk replies
 * come back as Buffers, because records are binary.
 */
export class LuaScript {
  readonly sha1: string;

  constructor(readonly source: string) {
    this.sha1 = createHash('sha1').update(source).digest('hex');
  }

  async run(redis: Redis, keys: string[], args: Array<string | Buffer | number>): Promise<unknown> {
    try {
      return await redis.callBuffer('EVALSHA', [this.sha1, keys.length, ...keys, ...args]);
    } catch (err) {
      if (!(err instanceof Error && err.message.startsWith('NOSCRIPT'))) throw err;
      return redis.callBuffer('EVAL', [this.source, keys.length, ...keys, ...args]);
    }
  }
}
