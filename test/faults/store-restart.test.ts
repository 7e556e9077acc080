import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgTarget } from '../../lib/postgres/pg-target';
import { ensureDatabase } from '../../lib/store/ensure-database';
import { openStore, type MetadataStore } from '../../lib/store/metadata-store';
import { startPrivateRedis, type PrivateRedis } from '../helpers/private-redis';
import { startSandbox, type SandboxFixture } from '../helpers/sandbox-fixture';
import { until } from '../helpers/service-process';
import { catalogSettings, pgbenchRunning, SHORT_SESSION, startSessionStack, type SessionStack } from '../helpers/session-stack';

const ITERATIONS = SHORT_SESSION.iterations!;
// Long enough that the step running when the store stops cannot store its row: the trainer
// must take the outage as a stop (resumable), not a failure.
const STORE_DOWN_MS = 6_000;

/**
 * The metadata store (a private PostgreSQL cluster) stopped in the middle of a session, while
 * pgbench runs, and started again seconds later: the session is not marked failed; the same
 * trainer process, which kept polling, takes it up again and finishes it; every row stored
 * before the outage is still there and the step numbers have no gap.
 */
describe('fault: the metadata store restarted in the middle of a session', () => {
  let sandbox: SandboxFixture;
  let storeCluster: SandboxFixture;
  let redis: PrivateRedis;
  let store: MetadataStore;
  let stack: SessionStack | undefined;
  let stateDir: string;
  let storeDsn: string;

  beforeAll(async () => {
    sandbox = await startSandbox({ scale: 1 });
    storeCluster = await startSandbox({ scale: 1 });
    storeDsn = `postgres://postgres@127.0.0.1:${storeCluster.port}/pgat_store`;
    await ensureDatabase(PgTarget.fromDsn(storeDsn));
    store = await openStore({ target: PgTarget.fromDsn(storeDsn) });
    redis = await startPrivateRedis();
    stateDir = mkdtempSync(path.join(tmpdir(), 'pgat-state-'));
  });

  afterAll(async () => {
    await stack?.stop();
    await store?.close();
    await redis?.stop();
    await storeCluster?.stop();
    await sandbox?.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('the session survives or resumes in the same trainer, finishes, and loses no stored iteration', async () => {
    const original = await catalogSettings(sandbox.target);
    stack = await startSessionStack({ sandbox, store, storeDsn, redisUrl: redis.url, stateDir });
    const { sessionId } = stack;
    const reachable = <T>(read: () => Promise<T>) => read().catch(() => undefined);
    await until('two stored steps', async () => ((await reachable(() => store.iterations.list(sessionId, 'step')))?.length ?? 0) >= 2, 120_000, stack.logs);
    await until('the next benchmark', () => pgbenchRunning(stack!.collector), 60_000, stack.logs);
    const before = await store.iterations.list(sessionId);

    await storeCluster.pgCtl.stop({ mode: 'fast', timeoutS: 30 });
    await new Promise((r) => setTimeout(r, STORE_DOWN_MS));
    await storeCluster.pgCtl.restart({ timeoutS: 60 });

    await until('the session to finish', async () => (await reachable(() => store.sessions.get(sessionId)))?.status === 'finished', 100_000, stack.logs);
    const after = await store.iterations.list(sessionId);
    // Nothing stored before the outage is gone or changed.
    for (const row of before) expect(after.find((r) => r.id === row.id)).toEqual(row);
    expect(after.filter((r) => r.kind === 'step').map((r) => r.n)).toEqual([1, 2, 3, 4, 5].slice(0, ITERATIONS));
    // Survived (one baseline) or resumed (the baseline measured again): either way finished, by the same process.
    expect(after.filter((r) => r.kind === 'baseline').length).toBeLessThanOrEqual(2);
    expect(stack.trainer.alive()).toBe(true);
    expect(stack.trainer.log()).toContain('metadata store unreachable');
    expect(stack.trainer.log()).not.toContain('"session failed"');
    expect((await store.sessions.get(sessionId)).error ?? null).toBeNull();
    expect(await catalogSettings(sandbox.target)).toEqual(original);
  });
});
