import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReplayKeys } from '../../model/replay/replay-keys';
import { PgTarget } from '../../lib/postgres/pg-target';
import { ensureDatabase } from '../../lib/store/ensure-database';
import { openStore, type MetadataStore } from '../../lib/store/metadata-store';
import { startPrivateRedis, type PrivateRedis } from '../helpers/private-redis';
import { startSandbox, type SandboxFixture } from '../helpers/sandbox-fixture';
import { until } from '../helpers/service-process';
import { catalogSettings, pgbenchRunning, SHORT_SESSION, startSessionStack, type SessionStack } from '../helpers/session-stack';

const ITERATIONS = SHORT_SESSION.iterations!;


/**
 * Redis (the replay buffer, no persistence) restarted in the middle of a session, while
 * pgbench runs: the trainer's buffer reconnects by itself and is found empty before the next
 * step, so it is refilled from the store; the session goes on to the end without a resume,
 * and the buffer ends with one transition per step.
 */
describe('fault: Redis restarted in the middle of a session', () => {
  let sandbox: SandboxFixture;
  let redis: PrivateRedis;
  let store: MetadataStore;
  let stack: SessionStack | undefined;
  let stateDir: string;
  let storeCluster: SandboxFixture;
  let storeDsn: string;

  beforeAll(async () => {
    [sandbox, storeCluster] = await Promise.all([startSandbox({ scale: 1 }), startSandbox({ scale: 1 })]);
    storeDsn = `postgres://postgres@127.0.0.1:${storeCluster.port}/pgat_store`;
    redis = await startPrivateRedis();
    stateDir = mkdtempSync(path.join(tmpdir(), 'pgat-state-'));
    await ensureDatabase(PgTarget.fromDsn(storeDsn));
    store = await openStore({ target: PgTarget.fromDsn(storeDsn) });
  });

  afterAll(async () => {
    await stack?.stop();
    await store?.close();
    await storeCluster?.stop();
    await redis?.stop();
    await sandbox?.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('the session finishes without a resume, no stored iteration is lost, and the buffer is rebuilt from the store', async () => {
    const original = await catalogSettings(sandbox.target);
    stack = await startSessionStack({
      sandbox,
      store,
      storeDsn,
      redisUrl: redis.url,
      stateDir,
    });
    const { sessionId } = stack;
    const steps = async () => (await store.iterations.list(sessionId, 'step')).length;
    await until('two stored steps', async () => (await steps()) >= 2, 120_000, stack.logs);
    // Inside the next step's benchmark: the trainer is not talking to Redis at this moment.
    await until('the next benchmark', () => pgbenchRunning(stack!.collector), 60_000, stack.logs);
    const stepsAtRestart = await steps();
    await redis.restart();

    await until('the session to finish', async () => (await store.sessions.get(sessionId)).status === 'finished', 240_000, stack.logs);
    const rows = await store.iterations.list(sessionId);
    expect(rows.filter((r) => r.kind === 'step').map((r) => r.n)).toEqual([1, 2, 3, 4, 5]);
    // One baseline: the trainer carried on, it did not have to resume.
    expect(rows.filter((r) => r.kind === 'baseline').length).toBe(1);
    expect(stepsAtRestart).toBeLessThan(ITERATIONS);
    expect(stack.trainer.log()).toContain('rebuilt from the store');
    const check = redis.client();
    try {
      expect(Number(await check.hget(new ReplayKeys(sessionId).meta, 'count'))).toBe(ITERATIONS);
    } finally {
      check.disconnect();
    }
    expect(stack.trainer.alive()).toBe(true);
    expect(await catalogSettings(sandbox.target)).toEqual(original);
  });
});
