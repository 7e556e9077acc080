import { type Redis, ReplyError } from 'ioredis';
import { allocateTransitionBatch } from './allocate-transition-batch';
import { connectRedis } from './connect-redis';
import type { LuaScript } from './lua-script';
import { maskRedisUrl } from './mask-redis-url';
import { type RedisReplayBufferOptions, resolveRedisReplayBufferOptions } from './redis-replay-buffer-options';
import { ADD_SCRIPT, SAMPLE_SCRIPT, UPDATE_PRIORITIES_SCRIPT } from './redis-replay-scripts';
import { ReplayArgumentError } from './replay-argument-error';
import type { ReplayBuffer, Transition, TransitionBatch } from './replay-buffer';
import { ReplayBufferEmptyError } from './replay-buffer-empty-error';
import { ReplayBufferUnavailableError } from './replay-buffer-unavailable-error';
import { assertBatchSize, assertPriority, assertPriorityUpdate, assertTransition, assertUnitRandom } from './replay-checks';
import { ReplayKeys } from './replay-keys';
import { sumTreeLeafCount } from './sum-tree';
import { TransitionCodec } from './transition-codec';
import { withTimeout } from './with-timeout';

/**
 * A ReplayBuffer in Redis, so experience outlives a trainer process and several processes
 * can share a session. A fixed-capacity ring of binary float32 records in one string, plus a
 * float64 sum tree in another when prioritized; key layout in replay-keys.ts, the Lua and its
 * cost in redis-replay-scripts.ts. add, sample and updatePriorities are one script call each:
 * one round trip, atomic. Semantics match MemoryReplayBuffer (the same conformance suite),
 * down to drawing the same slots from the same random numbers.
 *
 * Open with `await RedisReplayBuffer.open({ stateDim, actionDim, session, ... })`.
 */
export class RedisReplayBuffer implements ReplayBuffer {
  readonly stateDim: number;
  readonly actionDim: number;
  readonly capacity: number;
  readonly prioritized: boolean;
  /** Where the buffer lives, password masked: what the errors name. */
  readonly url: string;

  private readonly codec: TransitionCodec;
  /** Leaves of the priority sum tree; 0 tells the scripts the buffer is uniform. */
  private readonly leafCount: number;
  /** Stored in the session's meta hash by the first add(); every script compares it. */
  private readonly layout: string;
  private closed = false;

  private constructor(
    private readonly redis: Redis,
    private readonly ownsClient: boolean,
    readonly keys: ReplayKeys,
    url: string,
    dims: { stateDim: number; actionDim: number; capacity: number; prioritized: boolean },
  ) {
    this.stateDim = dims.stateDim;
    this.actionDim = dims.actionDim;
    this.capacity = dims.capacity;
    this.prioritized = dims.prioritized;
    this.url = url;
    this.codec = new TransitionCodec(this.stateDim, this.actionDim);
    this.leafCount = this.prioritized ? sumTreeLeafCount(this.capacity) : 0;
    this.layout =
      `stateDim=${this.stateDim} actionDim=${this.actionDim} ` +
      `capacity=${this.capacity} prioritized=${this.prioritized}`;
  }

  /**
   * Connects (unless given a client), and checks that the session is empty or holds
   * transitions of the same layout.
   *
   * @throws ReplayArgumentError for bad options, or `session` when the session holds
   *   transitions of another layout.
   * @throws ReplayBufferUnavailableError when Redis does not answer within connectTimeoutMs.
   */
  static async open(options: RedisReplayBufferOptions): Promise<RedisReplayBuffer> {
    const resolved = resolveRedisReplayBufferOptions(options);
    const keys = new ReplayKeys(resolved.session, resolved.keyPrefix);
    const redis = resolved.client ?? (await connectRedis(resolved.url, resolved.connectTimeoutMs));
    const url = resolved.client ? describeClient(resolved.client) : maskRedisUrl(resolved.url);
    const buffer = new RedisReplayBuffer(redis, resolved.client === undefined, keys, url, resolved);
    try {
      await buffer.checkLayout(resolved.connectTimeoutMs);
    } catch (err) {
      if (buffer.ownsClient) redis.disconnect();
      throw err;
    }
    return buffer;
  }

  /**
   * Deletes every key of a session, whether or not a buffer has it open; returns how many
   * keys existed. What clear() does, for tools that hold no buffer.
   */
  static async dropSession(redis: Redis, session: string, keyPrefix?: string): Promise<number> {
    return redis.del(...new ReplayKeys(session, keyPrefix).all());
  }

  /** `priority`, when given, must be > 0; a uniform buffer checks and ignores it. */
  async add(transition: Transition, priority?: number): Promise<void> {
    assertTransition(transition, this.stateDim, this.actionDim);
    if (priority !== undefined) assertPriority('priority', priority);
    await this.runScript(ADD_SCRIPT, [
      this.layout,
      this.codec.recordBytes,
      this.capacity,
      this.leafCount,
      this.codec.encode(transition),
      priority === undefined ? '' : String(priority),
    ]);
  }

  async sample(batchSize: number, random: () => number): Promise<TransitionBatch> {
    assertBatchSize(batchSize);
    // The numbers are drawn here, not in Lua, so a seeded generator makes sampling
    // reproducible; String() of a double parses back to the same double in Lua.
    const draws: string[] = [];
    for (let i = 0; i < batchSize; i++) draws.push(String(assertUnitRandom(random())));
    const [slots, records] = (await this.runScript(SAMPLE_SCRIPT, [
      this.layout,
      this.codec.recordBytes,
      this.leafCount,
      ...draws,
    ])) as [number[], Buffer[]];
    const batch = allocateTransitionBatch(batchSize, this.stateDim, this.actionDim);
    for (let row = 0; row < batchSize; row++) {
      batch.indices[row] = slots[row];
      this.codec.decodeInto(records[row], batch, row);
    }
    return batch;
  }

  /** A uniform buffer checks the arguments and ignores them. */
  async updatePriorities(indices: number[], priorities: number[]): Promise<void> {
    // The upper bound here is the capacity; the script checks the size.
    assertPriorityUpdate(indices, priorities, this.capacity);
    if (indices.length === 0) return;
    const pairs: string[] = [];
    indices.forEach((index, i) => pairs.push(String(index), String(priorities[i])));
    await this.runScript(UPDATE_PRIORITIES_SCRIPT, [this.layout, this.leafCount, ...pairs]);
  }

  async size(): Promise<number> {
    const count = await this.command(() => this.redis.hget(this.keys.meta, 'count'));
    return Number(count ?? 0);
  }

  async clear(): Promise<void> {
    await this.command(() => RedisReplayBuffer.dropSession(this.redis, this.keys.session, this.keys.prefix));
  }

  /** Quits the connection the buffer opened; a client passed in stays open. Idempotent. */
  async close(): Promise<void> {
    if (this.closed || !this.ownsClient) return;
    this.closed = true;
    try {
      await this.redis.quit();
    } catch {
      // The connection is already gone: nothing left to close politely.
      this.redis.disconnect();
    }
  }

  /**
   * Bytes Redis spends on this session's keys (MEMORY USAGE, exact: SAMPLES 0), in one round
   * trip. It counts what the allocator reserved, not the payload: the ring string grows by
   * doubling, so 10k records of 272 bytes (2.7 MB) report 4.2 MB, and a prioritized buffer
   * adds its sum tree, 8 bytes a node, whose leaves start at node `leafCount` (the power of
   * two at or above capacity): about 1 MB from the first add at capacity 100k, 2 MB when full.
   */
  async memoryUsageBytes(): Promise<number> {
    const pipeline = this.redis.pipeline();
    for (const key of this.keys.all()) pipeline.call('MEMORY', 'USAGE', key, 'SAMPLES', '0');
    const results = await this.command(() => pipeline.exec());
    let total = 0;
    for (const [err, bytes] of results ?? []) {
      if (err) throw this.translate(err);
      total += Number(bytes ?? 0);
    }
    return total;
  }

  private async checkLayout(timeoutMs: number): Promise<void> {
    const stored = await this.command(() => withTimeout(this.redis.hget(this.keys.meta, 'layout'), timeoutMs));
    if (stored !== null && stored !== this.layout) throw this.layoutError(stored);
  }

  private runScript(script: LuaScript, args: Array<string | Buffer | number>): Promise<unknown> {
    return this.command(() => script.run(this.redis, this.keys.all(), args));
  }

  private async command<T>(send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (err) {
      throw this.translate(err);
    }
  }

  /**
   * Script error replies become the errors MemoryReplayBuffer throws; other server replies
   * (OOM, WRONGTYPE) pass through; anything else means the connection failed.
   */
  private translate(err: unknown): Error {
    if (err instanceof ReplyError) {
      const message: string = (err as Error).message;
      const layout = /^REPLAY_LAYOUT (.*)$/.exec(message);
      if (layout) return this.layoutError(layout[1], err);
      if (message.startsWith('REPLAY_EMPTY')) return new ReplayBufferEmptyError({ cause: err });
      const index = /^REPLAY_INDEX (\d+) (\S+) (\d+)/.exec(message);
      if (index) {
        return new ReplayArgumentError(`indices[${index[1]}]`, `must be an integer in [0, ${index[3]}), got ${index[2]}`, {
          cause: err,
        });
      }
      return err as Error;
    }
    if (err instanceof ReplayArgumentError || err instanceof ReplayBufferUnavailableError) return err;
    return new ReplayBufferUnavailableError(this.url, { cause: err });
  }

  private layoutError(stored: string, cause?: unknown): ReplayArgumentError {
    return new ReplayArgumentError(
      'session',
      `"${this.keys.session}" holds transitions with ${stored}, this buffer was opened with ` +
        `${this.layout}: open it with the same options, or drop the session first`,
      { cause },
    );
  }
}

/** A passed-in client's address, never its password. */
function describeClient(redis: Redis): string {
  const { host, port, db, path } = redis.options;
  return path ? `redis+unix://${path}` : `redis://${host}:${port}/${db ?? 0}`;
}
