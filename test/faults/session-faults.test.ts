import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PgTarget } from '../../lib/postgres/pg-target';
import { ensureDatabase } from '../../lib/store/ensure-database';
import type { IterationRecord } from '../../lib/store/iteration-repository';
import { openStore, type MetadataStore } from '../../lib/store/metadata-store';
import type { SessionOptions } from '../../proto/generated/autotune/v1/SessionOptions';
import { killPostmaster } from '../helpers/postmaster';
import { startPrivateRedis, type PrivateRedis } from '../helpers/private-redis';
import { pgCtlCommand, writeRestartScript } from '../helpers/restart-script';
import { startSandbox, type SandboxFixture } from '../helpers/sandbox-fixture';
import { until } from '../helpers/service-process';
import {
  catalogSettings,
  pgbenchRunning,
  pgCtlRestartRunning,
  startSessionStack,
  storedStepNumbers,
  THREE_STEP_SESSION,
  untilStatus,
  type SessionStack,
} from '../helpers/session-stack';

const STEPS = [1, 2, 3];
/** Reload knobs only: an ApplyKnobs is ALTER SYSTEM and a reload, no restart. */
const RELOAD_SESSION: SessionOptions = { ...THREE_STEP_SESSION, knobs: ['work_mem', 'random_page_cost'] };
/** A restart knob: every step that changes it restarts the server. */
const RESTART_SESSION: SessionOptions = { ...THREE_STEP_SESSION, knobs: ['shared_buffers'], allowRestart: true };
const NO_STACK = /\n\s+at |\.ts:\d+|\.js:\d+/;

/**
 * Faults inside a running tuning session: real collector, environment and trainer processes
 * (dist/) on a sandbox, a private store cluster and Redis. Every case ends with the session
 * finished, its steps numbered 1..N with none lost or stored twice, and the server on its
 * original configuration; what the user is told is checked on the way.
 *
 * a-d: the collector killed (kill -9) inside a reload step, a restart step and a benchmark, or
 * the target's postmaster killed mid-benchmark: the session is paused, not failed; a new
 * collector on the same port and state folder restores the recorded original at its start (or
 * the server is started again), and the trainer, which kept polling, resumes the session (its
 * baseline measured again) and finishes it.
 * e, f: a restart command that refuses a step's value once, or hangs once: that step is failed
 * and rolled back, and the session goes on without a pause.
 *
 * f waits out the collector's restart deadline (60 s), so it runs beside a-e, from the start,
 * on a sandbox and store database of its own (a trainer claims any pending session of its
 * store): the suite pays its wait once.
 */
describe('fault: inside a running session', () => {
  let sandbox: SandboxFixture;
  let hangSandbox: SandboxFixture;
  let storeCluster: SandboxFixture;
  let redis: PrivateRedis;
  let store: MetadataStore;
  let hangStore: MetadataStore;
  let storeDsn: string;
  let stack: SessionStack | undefined;
  let hangStack: SessionStack | undefined;
  let hangCase: Promise<HangOutcome>;
  const stateDirs: string[] = [];

  interface HangOutcome {
    original: Record<string, string>;
    steps: IterationRecord[];
    baselines: number;
  }

  const newStateDir = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pgat-state-'));
    stateDirs.push(dir);
    return dir;
  };

  /**
   * A restart command (--restart-command) that misbehaves once, the first time it is asked to
   * restart onto a step's shared_buffers (postgresql.auto.conf sets it; the original does not),
   * and is a plain pg_ctl restart after that, the collector's rollback included.
   */
  const restartScript = (on: SandboxFixture, name: string, misbehave: string[]) => {
    const marker = path.join(on.baseDir, `${name}.done`);
    return writeRestartScript(on, `${name}.sh`, [
      `if [ ! -e '${marker}' ] && grep -q '^shared_buffers' '${on.dataDir}/postgresql.auto.conf'; then`,
      `  touch '${marker}'`,
      ...misbehave.map((line) => `  ${line}`),
      'fi',
      `exec ${pgCtlCommand(on, `restart -m fast -w -t 30 -l '${on.baseDir}/restart.log'`)}`,
    ]);
  };

  /** f, started by beforeAll and awaited by its test: a restart command that stops the server and hangs. */
  const runHangCase = async (hangStoreDsn: string): Promise<HangOutcome> => {
    const original = await catalogSettings(hangSandbox.target);
    const script = restartScript(hangSandbox, 'restart-hangs', [`${pgCtlCommand(hangSandbox, 'stop -m fast -w -t 30')} >/dev/null 2>&1`, 'sleep 6013']);
    hangStack = await startSessionStack({
      sandbox: hangSandbox,
      store: hangStore,
      storeDsn: hangStoreDsn,
      redisUrl: redis.url,
      stateDir: newStateDir(),
      session: RESTART_SESSION,
      collectorArgs: ['--restart-command', script],
    });
    // The collector's restart deadline (60 s) once, then the rest of a short session beside the other cases.
    await untilStatus(hangStore, hangStack, 'finished', 420_000);
    const rows = await hangStore.iterations.list(hangStack.sessionId);
    return { original, steps: rows.filter((r) => r.kind === 'step'), baselines: rows.filter((r) => r.kind === 'baseline').length };
  };

  beforeAll(async () => {
    [sandbox, hangSandbox, storeCluster] = await Promise.all([startSandbox({ scale: 1 }), startSandbox({ scale: 1 }), startSandbox({ scale: 1 })]);
    storeDsn = `postgres://postgres@127.0.0.1:${storeCluster.port}/pgat_store`;
    const hangStoreDsn = `postgres://postgres@127.0.0.1:${storeCluster.port}/pgat_store_hang`;
    await Promise.all([ensureDatabase(PgTarget.fromDsn(storeDsn)), ensureDatabase(PgTarget.fromDsn(hangStoreDsn))]);
    [store, hangStore] = await Promise.all([openStore({ target: PgTarget.fromDsn(storeDsn) }), openStore({ target: PgTarget.fromDsn(hangStoreDsn) })]);
    redis = await startPrivateRedis();
    hangCase = runHangCase(hangStoreDsn);
    // Awaited by case f; until then a failure must not count as unhandled.
    hangCase.catch(() => undefined);
  });

  afterEach(async () => {
    await stack?.stop();
    stack = undefined;
    // Whatever a failed case left: the next starts from a running server.
    if ((await sandbox.pgCtl.status()) === 'stopped') await sandbox.pgCtl.restart({ timeoutS: 60 });
  });

  afterAll(async () => {
    await hangStack?.stop();
    await Promise.all([store?.close(), hangStore?.close()]);
    await redis?.stop();
    await Promise.all([storeCluster?.stop(), sandbox?.stop(), hangSandbox?.stop()]);
    for (const dir of stateDirs) rmSync(dir, { recursive: true, force: true });
  });

  const start = async (session: SessionOptions, collectorArgs: string[] = []) => {
    stack = await startSessionStack({ sandbox, store, storeDsn, redisUrl: redis.url, stateDir: newStateDir(), session, collectorArgs });
    return stack;
  };

  const stepsStored = (s: SessionStack, atLeast: number) =>
    until(`${atLeast} stored steps`, async () => (await storedStepNumbers(store, s.sessionId)).length >= atLeast, 120_000, s.logs);

  /** What the user sees of a pause (`sessions status`, WatchSession): what did not answer, in words, no stack. */
  const expectPaused = async (s: SessionStack) => {
    const paused = await untilStatus(store, s, 'paused', 60_000);
    expect(paused.pausedReason).toMatch(/unavailable.*; paused until the collector and its server answer again, then resumed by a trainer$/);
    expect(paused.pausedReason).not.toMatch(NO_STACK);
    expect(paused.claimedBy).toBeNull();
    expect(paused.error).toBeNull();
    return storedStepNumbers(store, s.sessionId);
  };

  /** The end of every case: finished, steps 1..N (those stored before a pause unchanged), the original back, nothing failed. */
  const expectFinishedOnOriginal = async (s: SessionStack, original: Record<string, string>, stepsBefore: number[] = []) => {
    const finished = await untilStatus(store, s, 'finished', 240_000);
    expect(finished.error).toBeNull();
    expect(finished.pausedReason).toBeNull();
    const steps = await storedStepNumbers(store, s.sessionId);
    expect(steps).toEqual(STEPS);
    expect(steps.slice(0, stepsBefore.length)).toEqual(stepsBefore);
    expect(s.trainer.log()).not.toContain('"session failed"');
    expect(s.trainer.alive()).toBe(true);
    expect(await sandbox.pgCtl.status()).toBe('running');
    expect(await catalogSettings(sandbox.target)).toEqual(original);
  };

  const baselineRuns = async (s: SessionStack) => (await store.iterations.list(s.sessionId, 'baseline')).length;

  const expectResumed = async (s: SessionStack) => {
    // Resumed, not carried on: the resume measured the baseline again.
    expect(await baselineRuns(s)).toBeGreaterThanOrEqual(2);
    expect(s.trainer.log()).toContain('collector or its server unreachable; session paused until the collector answers a health check');
    expect(s.trainer.log()).toContain('collector answers again; resuming the paused session');
  };

  /**
   * What every outage case asserts once the fault happened: the session is paused, `repair`
   * (a new collector, the server started again) lets it resume, and it finishes with every step
   * stored once, the server on its original configuration and its baseline measured again.
   */
  const expectPausedThenResumed = async (s: SessionStack, original: Record<string, string>, repair: () => Promise<unknown>, baselines?: number) => {
    const stepsBefore = await expectPaused(s);
    await repair();
    await expectFinishedOnOriginal(s, original, stepsBefore);
    await expectResumed(s);
    if (baselines !== undefined) expect(await baselineRuns(s)).toBe(baselines);
  };

  it('a: the collector killed the moment a reload step changes the configuration, before its benchmark', async () => {
    const original = await catalogSettings(sandbox.target);
    const s = await start(RELOAD_SESSION);
    await stepsStored(s, 1);
    // ALTER SYSTEM of the next step rewrites postgresql.auto.conf: kill the collector that moment.
    const autoConf = path.join(sandbox.dataDir, 'postgresql.auto.conf');
    const before = readFileSync(autoConf, 'utf8');
    await until('the next step to change postgresql.auto.conf', () => readFileSync(autoConf, 'utf8') !== before, 60_000, s.logs, 5);
    await s.collector.kill();
    await expectPausedThenResumed(s, original, () => s.replaceCollector(), 2);
  });

  it('b: the collector killed while a restart step runs pg_ctl restart', async () => {
    const original = await catalogSettings(sandbox.target);
    const s = await start(RESTART_SESSION);
    await stepsStored(s, 1);
    await until('a restart step', () => pgCtlRestartRunning(sandbox.dataDir), 60_000, s.logs, 20);
    await s.collector.kill();
    // The detached restart completes by itself; the new collector puts the recorded original back at its start.
    await expectPausedThenResumed(
      s,
      original,
      async () => {
        await s.replaceCollector();
        expect(s.collector.log()).toContain('the recorded original configuration is restored');
      },
      2,
    );
  });

  it('c: the collector killed in the middle of a benchmark', async () => {
    const original = await catalogSettings(sandbox.target);
    const s = await start(THREE_STEP_SESSION);
    await stepsStored(s, 2);
    await until('the next benchmark', () => pgbenchRunning(s.collector), 60_000, s.logs, 50);
    await s.collector.kill();
    await expectPausedThenResumed(s, original, () => s.replaceCollector(), 2);
  });

  it('d: the target postmaster killed mid-benchmark, then started again', async () => {
    const original = await catalogSettings(sandbox.target);
    const s = await start(THREE_STEP_SESSION);
    await stepsStored(s, 2);
    await until('the next benchmark', () => pgbenchRunning(s.collector), 60_000, s.logs, 50);
    await killPostmaster(sandbox.dataDir);
    // The collector answers, its server does not: paused all the same (a resume while it is down
    // pauses again). The operator (or systemd) starts the server again; the same collector goes on serving.
    await expectPausedThenResumed(s, original, () => sandbox.pgCtl.restart({ timeoutS: 60 }));
  });

  it('e: a restart the server refuses: that step is failed and rolled back, the session goes on and finishes', async () => {
    const original = await catalogSettings(sandbox.target);
    // As a server that cannot start on a value: it is stopped and does not come back.
    const script = restartScript(sandbox, 'restart-refuses', [
      `${pgCtlCommand(sandbox, 'stop -m fast -w -t 30')} >/dev/null 2>&1`,
      `echo 'FATAL:  invalid value for parameter "shared_buffers" (refused by the test restart command)' >&2`,
      'exit 1',
    ]);
    const s = await start(RESTART_SESSION, ['--restart-command', script]);
    await expectFinishedOnOriginal(s, original);
    // (A step far below the baseline also carries an error, not about a restart.)
    const failed = (await store.iterations.list(s.sessionId, 'step')).filter((r) => /restart/i.test(r.error ?? ''));
    expect(failed, s.logs()).toHaveLength(1);
    expect(failed[0]).toMatchObject({ rolledBack: true, tps: null });
    expect(failed[0]!.reward).toBeLessThan(0);
    // The step's error carries the server's own reason, without a stack.
    expect(failed[0]!.error).toMatch(/restart.*refused by the test restart command/s);
    expect(failed[0]!.error).not.toMatch(NO_STACK);
    // Carried on, never paused: one baseline.
    expect(await baselineRuns(s)).toBe(1);
  });

  it('f: a restart command that stops the server and hangs: the step fails at the restart deadline, the session finishes', async () => {
    const { original, steps, baselines } = await hangCase;
    expect(steps.map((r) => r.n)).toEqual(STEPS);
    const failed = steps.filter((r) => /restart/i.test(r.error ?? ''));
    expect(failed, hangStack!.logs()).toHaveLength(1);
    expect(failed[0]!.rolledBack).toBe(true);
    expect(failed[0]!.error).toMatch(/did not finish within|deadline|timed out/i);
    expect(failed[0]!.error).not.toMatch(NO_STACK);
    expect(baselines).toBe(1);
    expect(spawnSync('pgrep', ['-f', 'sleep 6013']).status, 'a hung restart command still runs').toBe(1);
    expect(hangStack!.trainer.log()).not.toContain('"session failed"');
    expect(await hangSandbox.pgCtl.status()).toBe('running');
    expect(await catalogSettings(hangSandbox.target)).toEqual(original);
  });
});
