import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PgTarget } from '../../lib/postgres/pg-target';
import { ensureDatabase } from '../../lib/store/ensure-database';
import { openStore, type MetadataStore } from '../../lib/store/metadata-store';
import type { SessionOptions } from '../../proto/generated/autotune/v1/SessionOptions';
import { startPrivateRedis, type PrivateRedis } from '../helpers/private-redis';
import { startSandbox, type SandboxFixture } from '../helpers/sandbox-fixture';
import { until } from '../helpers/service-process';
import {
  catalogSettings,
  pgbenchRunning,
  pgCtlRestartRunning,
  THREE_STEP_SESSION,
  startSessionStack,
  storedStepNumbers,
  untilStatus,
  type SessionStack,
} from '../helpers/session-stack';

const STEPS = [1, 2, 3];
/** Reload knobs only: an ApplyKnobs is ALTER SYSTEM and a reload, no restart. */
const RELOAD_SESSION: SessionOptions = { ...THREE_STEP_SESSION, knobs: ['work_mem', 'random_page_cost'] };
/** A restart knob: every step that changes it runs `pg_ctl restart`. */
const RESTART_SESSION: SessionOptions = { ...THREE_STEP_SESSION, knobs: ['shared_buffers'], allowRestart: true };

/**
 * The collector killed with kill -9 inside a running session (real collector, environment and
 * trainer processes on a sandbox), then a new collector started on the same port and state
 * folder: the session is paused, not failed, while no collector answers; the new collector
 * puts the recorded original back at its start; the trainer, which kept polling, resumes the
 * session (its baseline measured again) and finishes it, with the steps numbered 1..N, none
 * lost or stored twice, and the server on its original configuration.
 */
describe('fault: the collector killed inside a running session', () => {
  let sandbox: SandboxFixture;
  let storeCluster: SandboxFixture;
  let redis: PrivateRedis;
  let store: MetadataStore;
  let storeDsn: string;
  let stack: SessionStack | undefined;
  const stateDirs: string[] = [];

  beforeAll(async () => {
    [sandbox, storeCluster] = await Promise.all([startSandbox({ scale: 1 }), startSandbox({ scale: 1 })]);
    storeDsn = `postgres://postgres@127.0.0.1:${storeCluster.port}/pgat_store`;
    await ensureDatabase(PgTarget.fromDsn(storeDsn));
    store = await openStore({ target: PgTarget.fromDsn(storeDsn) });
    redis = await startPrivateRedis();
  });

  afterEach(async () => {
    await stack?.stop();
    stack = undefined;
  });

  afterAll(async () => {
    await store?.close();
    await redis?.stop();
    await storeCluster?.stop();
    await sandbox?.stop();
    for (const dir of stateDirs) rmSync(dir, { recursive: true, force: true });
  });

  const start = async (session: SessionOptions) => {
    const stateDir = mkdtempSync(path.join(tmpdir(), 'pgat-state-'));
    stateDirs.push(stateDir);
    stack = await startSessionStack({ sandbox, store, storeDsn, redisUrl: redis.url, stateDir, session });
    return stack;
  };

  const stepsStored = async (s: SessionStack, atLeast: number) =>
    until(`${atLeast} stored steps`, async () => (await storedStepNumbers(store, s.sessionId)).length >= atLeast, 120_000, s.logs);

  /** What every case ends with: paused while the collector was gone, resumed, finished, nothing lost, the original back. */
  const expectPausedThenResumed = async (s: SessionStack, original: Record<string, string>) => {
    const paused = await untilStatus(store, s, 'paused', 60_000);
    // What a user sees (ListSessions, WatchSession): why, in words, without a stack.
    expect(paused.pausedReason).toMatch(/unavailable.*; paused until the collector and its server answer again, then resumed by a trainer$/);
    expect(paused.pausedReason).not.toMatch(/\n\s+at |\.ts:\d+|\.js:\d+/);
    expect(paused.claimedBy).toBeNull();
    expect(paused.error).toBeNull();
    const stepsWhilePaused = await storedStepNumbers(store, s.sessionId);

    await s.replaceCollector();
    const finished = await untilStatus(store, s, 'finished', 240_000);
    expect(finished.error).toBeNull();
    expect(finished.pausedReason).toBeNull();
    const steps = await storedStepNumbers(store, s.sessionId);
    expect(steps).toEqual(STEPS);
    expect(steps.slice(0, stepsWhilePaused.length)).toEqual(stepsWhilePaused);
    const rows = await store.iterations.list(s.sessionId);
    // Resumed, not carried on: the resume measured the baseline again.
    expect(rows.filter((r) => r.kind === 'baseline').length).toBe(2);
    expect(s.trainer.log()).toContain('collector or its server unreachable; session paused until the collector answers a health check');
    expect(s.trainer.log()).toContain('collector answers again; resuming the paused session');
    expect(s.trainer.log()).not.toContain('"session failed"');
    expect(s.trainer.alive()).toBe(true);
    expect(await catalogSettings(sandbox.target)).toEqual(original);
  };

  it('a: kill -9 right as a reload step changes the configuration, before its benchmark', async () => {
    const original = await catalogSettings(sandbox.target);
    const s = await start(RELOAD_SESSION);
    await stepsStored(s, 1);
    // ALTER SYSTEM of the next step rewrites postgresql.auto.conf: kill the collector that moment.
    const autoConf = path.join(sandbox.dataDir, 'postgresql.auto.conf');
    const before = readFileSync(autoConf, 'utf8');
    await until('the next step to change postgresql.auto.conf', () => readFileSync(autoConf, 'utf8') !== before, 60_000, s.logs, 5);
    await s.collector.kill();
    await expectPausedThenResumed(s, original);
  });

  it('b: kill -9 while a restart step runs pg_ctl restart', async () => {
    const original = await catalogSettings(sandbox.target);
    const s = await start(RESTART_SESSION);
    await stepsStored(s, 1);
    await until('a restart step', () => pgCtlRestartRunning(sandbox.dataDir), 60_000, s.logs, 20);
    await s.collector.kill();
    await expectPausedThenResumed(s, original);
    expect(s.collector.log()).toContain('the recorded original configuration is restored');
  });

  it('c: kill -9 in the middle of a benchmark', async () => {
    const original = await catalogSettings(sandbox.target);
    const s = await start(THREE_STEP_SESSION);
    await stepsStored(s, 2);
    await until('the next benchmark', () => pgbenchRunning(s.collector), 60_000, s.logs, 50);
    await s.collector.kill();
    await expectPausedThenResumed(s, original);
  });
});
