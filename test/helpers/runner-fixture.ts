import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { RedisReplayBuffer } from '../../model/replay/redis-replay-buffer';
import type { ReplayBuffer } from '../../model/replay/replay-buffer';
import { applySessionDefaults } from '../../lib/session/session-options';
import type { MetadataStore } from '../../lib/store/metadata-store';
import type { SessionRecord } from '../../lib/store/session-repository';
import type { SessionOptions } from '../../proto/generated/autotune/v1/SessionOptions';
import { dropTestSchemas, openTestStore, uniqueSchemaName } from './test-store';

/** The shared Redis the runner tests keep their replay buffers in, each under a key prefix of its own. */
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * A continuous session that watches every second, three 1 s select-only runs a watch, no
 * ablation: the runner tests' continuous loop in seconds. Each test file sets its iterations.
 */
export const WATCH_EVERY_SECOND: SessionOptions = {
  verifyRepeats: 3,
  ablationRounds: 0,
  seed: 7,
  benchmark: { scripts: [{ builtin: 'select-only' }], clients: 2, durationS: 1, warmupS: 0 },
  continuous: true,
  watchIntervalS: 1,
  watchRuns: 3,
};

/**
 * What a test file of SessionRunner's real loop runs on: a store schema of its own, and the
 * replay buffers in the shared Redis under a key prefix of its own. close() drops the replay
 * keys of every session claimed through it, then the schema.
 */
export interface RunnerFixture {
  readonly store: MetadataStore;
  /** A session through the service's own validation (applySessionDefaults, as CreateSession stores it), claimed by `worker`. */
  claimed(instanceId: string, options: SessionOptions, worker: string): Promise<SessionRecord>;
  /** SessionRunnerDeps.openReplay: a Redis buffer of 1,000 transitions under the fixture's prefix. */
  openReplay(sessionId: string, stateDim: number, actionDim: number): Promise<ReplayBuffer>;
  close(): Promise<void>;
}

/** @param name the schema's and the key prefix's stem, e.g. "runner_continuous" */
export async function openRunnerFixture(name: string): Promise<RunnerFixture> {
  const schema = uniqueSchemaName(name);
  const keyPrefix = `test:${name}-${randomUUID()}`;
  const store = await openTestStore(schema);
  const sessions: string[] = [];
  return {
    store,
    async claimed(instanceId, options, worker) {
      const session = await store.sessions.create(instanceId, applySessionDefaults(options));
      sessions.push(session.id);
      return (await store.sessions.claimNext(worker, { sessionId: session.id }))!;
    },
    openReplay: (sessionId, stateDim, actionDim) => RedisReplayBuffer.open({ session: sessionId, url: REDIS_URL, keyPrefix, stateDim, actionDim, capacity: 1000 }),
    async close() {
      const redis = new Redis(REDIS_URL);
      for (const id of sessions) await RedisReplayBuffer.dropSession(redis, id, keyPrefix);
      await redis.quit();
      await store.close();
      await dropTestSchemas(schema);
    },
  };
}
