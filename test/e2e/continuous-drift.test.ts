import { Client } from 'pg';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisReplayBuffer } from '../../model/replay/redis-replay-buffer';
import { EnvironmentClient } from '../../lib/grpc/clients/environment-client';
import type { RunningServer } from '../../lib/grpc/grpc-server';
import { applySessionDefaults } from '../../lib/session/session-options';
import type { MetadataStore } from '../../lib/store/metadata-store';
import type { DriftDecision } from '../../services/trainer/drift-test';
import { Trainer } from '../../services/trainer/trainer-worker';
import { startSandbox, type SandboxFixture } from '../helpers/sandbox-fixture';
import { startSandboxServices } from '../helpers/sandbox-services';
import { serverSetting } from '../helpers/server-setting';
import { until } from '../helpers/service-process';
import { dropTestSchemas, openTestStore, uniqueSchemaName } from '../helpers/test-store';

const SCHEMA = uniqueSchemaName('continuous_e2e');
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

async function sql(sandbox: SandboxFixture, statements: string[]): Promise<void> {
  const client = new Client(sandbox.target.clientConfig());
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * Continuous tuning on a real server: a throwaway sandbox, its collector and the environment
 * service in this process, a trainer over gRPC, the store on the shared server and the replay
 * in the shared Redis. After round 1, the server is degraded from outside (ALTER SYSTEM of
 * planner settings no session tunes: every select-only transaction becomes a sequential scan)
 * and the watch must see it and open round 2, whose baseline is what is now in force.
 */
describe('continuous tuning on a sandbox: an outside change is detected as drift', () => {
  let sandbox: SandboxFixture;
  let store: MetadataStore;
  const servers: RunningServer[] = [];
  let sessionId: string | undefined;

  beforeAll(async () => {
    sandbox = await startSandbox({ scale: 1 });
    store = await openTestStore(SCHEMA);
  });

  afterAll(async () => {
    for (const server of servers) await server.stop();
    if (sessionId) {
      const redis = new Redis(REDIS_URL);
      await RedisReplayBuffer.dropSession(redis, sessionId);
      await redis.quit();
    }
    await store?.close();
    await dropTestSchemas(SCHEMA);
    await sandbox?.stop();
  });

  it('watches the configuration in force, detects the degradation and opens round 2 on it', async () => {
    const workMem = await serverSetting(sandbox.target, 'work_mem');
    const { collector, environment } = await startSandboxServices(sandbox, servers);
    const instance = await store.instances.upsert({ name: 'continuous-e2e', collectorAddress: collector.address, target: sandbox.target });
    const session = await store.sessions.create(
      instance.id,
      applySessionDefaults({
        iterations: 2,
        verifyRepeats: 3,
        ablationRounds: 0,
        knobs: ['work_mem'],
        benchmark: { scripts: [{ builtin: 'select-only' }], clients: 2, durationS: 1, warmupS: 0, checkpoint: 'off', dataReset: 'off' },
        continuous: true,
        watchIntervalS: 1,
        watchRuns: 3,
      }),
    );
    sessionId = session.id;
    const stop = new AbortController();
    const trainer = new Trainer({ store, environment: new EnvironmentClient(environment.address), redisUrl: REDIS_URL, heartbeatMs: 200, signal: stop.signal });
    const run = trainer.runSession(session.id);
    try {
      await until('round 1 to be recommended', async () => (await store.sessions.status(session.id)) === 'watching', 240_000, undefined, 200);
      await sql(sandbox, ['ALTER SYSTEM SET enable_indexscan = off', 'ALTER SYSTEM SET enable_bitmapscan = off', 'SELECT pg_reload_conf()']);
      expect(await serverSetting(sandbox.target, 'enable_indexscan')).toBe('off');
      await until('round 2 to open', async () => (await store.iterations.list(session.id, 'baseline', 2)).length === 1, 120_000, undefined, 200);
      await store.sessions.setStatus(session.id, 'cancelled');
      expect(await run).toBe('cancelled');
    } finally {
      stop.abort('stopped');
      await run.catch(() => undefined);
      await sql(sandbox, ['ALTER SYSTEM RESET enable_indexscan', 'ALTER SYSTEM RESET enable_bitmapscan', 'SELECT pg_reload_conf()']);
    }

    const watches = await store.iterations.list(session.id, 'watch', 1);
    const decision = watches.flatMap((r) => (r.metrics.drift ? [r.metrics.drift as DriftDecision] : [])).at(-1)!;
    expect(decision.drifted).toBe(true);
    expect(decision.tps.high).toBeLessThan(1 / 1.05);
    const [round1, round2] = await store.iterations.list(session.id, 'baseline');
    expect(round2!.round).toBe(2);
    // Opened by the drift test: the knobs the verification stored and the ones Open read in force are the collector's, in one form.
    expect(round2!.metrics.opened).toBe(decision.verdict);
    // Round 2 starts from what is in force: its baseline measured the degraded server.
    expect(round2!.tps!).toBeLessThan(0.5 * round1!.tps!);
    expect((await store.recommendations.list(session.id)).map((r) => r.round)).toEqual([1]);
    // Cancelled in round 2: its baseline is back (round 1 restored the original, so the original).
    expect(await serverSetting(sandbox.target, 'work_mem')).toBe(workMem);
  }, 420_000);
});
