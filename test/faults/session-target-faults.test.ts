import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PgTarget } from '../../lib/postgres/pg-target';
import { ensureDatabase } from '../../lib/store/ensure-database';
import { openStore, type MetadataStore } from '../../lib/store/metadata-store';
import type { SessionOptions } from '../../proto/generated/autotune/v1/SessionOptions';
import { killPostmaster } from '../helpers/postmaster';
import { startPrivateRedis, type PrivateRedis } from '../helpers/private-redis';
import { pgCtlCommand, writeRestartScript } from '../helpers/restart-script';
import { startSandbox, type SandboxFixture } from '../helpers/sandbox-fixture';
import { until } from '../helpers/service-process';
import { catalogSettings, pgbenchRunning, startSessionStack, storedStepNumbers, THREE_STEP_SESSION, untilStatus, type SessionStack } from '../helpers/session-stack';

const STEPS = [1, 2, 3];
/** A restart knob: every step that changes it runs the restart command. */
const RESTART_SESSION: SessionOptions = { ...THREE_STEP_SESSION, knobs: ['shared_buffers'], allowRestart: true };

/**
 * The target server failing inside a running session (real collector, environment and trainer
 * processes on a sandbox): its postmaster killed mid-benchmark, a restart the server refuses, a
 * restart command that hangs. Each case ends with the session finished, the steps numbered
 * 1..N with none lost or stored twice, and the server on its original configuration.
 */
describe('fault: the target server failing inside a running session', () => {
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
    // Whatever a failed case left: the next starts from a running server.
    if ((await sandbox.pgCtl.status()) === 'stopped') await sandbox.pgCtl.restart({ timeoutS: 60 });
  });

  afterAll(async () => {
    await store?.close();
    await redis?.stop();
    await storeCluster?.stop();
    await sandbox?.stop();
    for (const dir of stateDirs) rmSync(dir, { recursive: true, force: true });
  });

  const start = async (session: SessionOptions, collectorArgs: string[] = []) => {
    const stateDir = mkdtempSync(path.join(tmpdir(), 'pgat-state-'));
    stateDirs.push(stateDir);
    stack = await startSessionStack({ sandbox, store, storeDsn, redisUrl: redis.url, stateDir, session, collectorArgs });
    return stack;
  };

  /** The end of every case: finished, steps 1..N, the original configuration back, no failure logged. */
  const expectFinishedOnOriginal = async (s: SessionStack, original: Record<string, string>, timeoutMs = 240_000) => {
    const finished = await untilStatus(store, s, 'finished', timeoutMs);
    expect(finished.error).toBeNull();
    expect(await storedStepNumbers(store, s.sessionId)).toEqual(STEPS);
    expect(s.trainer.log()).not.toContain('"session failed"');
    expect(s.trainer.alive()).toBe(true);
    expect(await sandbox.pgCtl.status()).toBe('running');
    expect(await catalogSettings(sandbox.target)).toEqual(original);
  };

  /**
   * A restart command (as --restart-command) that misbehaves once, the first time it is asked to
   * restart onto a shared_buffers of a step (auto.conf sets it: the original does not), and is a
   * plain pg_ctl restart after that, the collector's rollback included.
   */
  const restartScript = (name: string, misbehave: string[]) => {
    const marker = path.join(sandbox.baseDir, `${name}.done`);
    rmSync(marker, { force: true });
    return writeRestartScript(sandbox, `${name}.sh`, [
      `if [ ! -e '${marker}' ] && grep -q '^shared_buffers' '${sandbox.dataDir}/postgresql.auto.conf'; then`,
      `  touch '${marker}'`,
      ...misbehave.map((line) => `  ${line}`),
      'fi',
      `exec ${pgCtlCommand(sandbox, `restart -m fast -w -t 30 -l '${sandbox.baseDir}/restart.log'`)}`,
    ]);
  };

  it('d: the target postmaster killed mid-benchmark, started again: paused, resumed, finished', async () => {
    const original = await catalogSettings(sandbox.target);
    const s = await start(THREE_STEP_SESSION);
    await until('two stored steps', async () => (await storedStepNumbers(store, s.sessionId)).length >= 2, 120_000, s.logs);
    await until('the next benchmark', () => pgbenchRunning(s.collector), 60_000, s.logs, 50);
    await killPostmaster(sandbox.dataDir);

    const paused = await untilStatus(store, s, 'paused', 60_000);
    expect(paused.pausedReason).toMatch(/unavailable.*; paused until the collector and its server answer again/);
    expect(paused.pausedReason).not.toMatch(/\n\s+at |\.ts:\d+|\.js:\d+/);
    // The operator (or systemd) starts the server again; the same collector goes on serving.
    await sandbox.pgCtl.restart({ timeoutS: 60 });
    await expectFinishedOnOriginal(s, original);
    expect((await store.iterations.list(s.sessionId)).filter((r) => r.kind === 'baseline').length).toBeGreaterThanOrEqual(2);
    expect(s.trainer.log()).toContain('collector answers again; resuming the paused session');
  });

  it('e: a restart the server refuses: that step is failed and rolled back, the session goes on and finishes', async () => {
    const original = await catalogSettings(sandbox.target);
    // As a server that cannot start on a value: it is stopped and does not come back.
    const script = restartScript('restart-refuses', [
      `${pgCtlCommand(sandbox, 'stop -m fast -w -t 30')} >/dev/null 2>&1`,
      `echo 'FATAL:  invalid value for parameter "shared_buffers" (refused by the test restart command)' >&2`,
      'exit 1',
    ]);
    const s = await start(RESTART_SESSION, ['--restart-command', script]);
    await expectFinishedOnOriginal(s, original);
    const failed = (await store.iterations.list(s.sessionId, 'step')).filter((r) => r.error !== null && /restart/.test(r.error));
    expect(failed, s.logs()).toHaveLength(1);
    expect(failed[0]!.rolledBack).toBe(true);
    expect(failed[0]!.tps).toBeNull();
    expect(failed[0]!.reward).toBeLessThan(0);
    // What the user sees for the step: the server's own reason, no stack.
    expect(failed[0]!.error).toMatch(/refused by the test restart command/);
    expect(failed[0]!.error).not.toMatch(/\n\s+at |\.ts:\d+|\.js:\d+/);
    // Carried on, never paused: one baseline.
    expect((await store.iterations.list(s.sessionId)).filter((r) => r.kind === 'baseline')).toHaveLength(1);
  });

  it('f: a restart command that stops the server and hangs: the step fails within the restart deadline, the session finishes', async () => {
    const original = await catalogSettings(sandbox.target);
    const script = restartScript('restart-hangs', [`${pgCtlCommand(sandbox, 'stop -m fast -w -t 30')} >/dev/null 2>&1`, 'sleep 6013']);
    const s = await start(RESTART_SESSION, ['--restart-command', script]);
    // The collector's restart deadline (60 s) once, then the rest of a short session.
    await expectFinishedOnOriginal(s, original, 360_000);
    const failed = (await store.iterations.list(s.sessionId, 'step')).filter((r) => r.error !== null && /restart/.test(r.error));
    expect(failed, s.logs()).toHaveLength(1);
    expect(failed[0]!.rolledBack).toBe(true);
    expect(failed[0]!.error).toMatch(/did not finish within|deadline|timed out/i);
    expect(failed[0]!.error).not.toMatch(/\n\s+at |\.ts:\d+|\.js:\d+/);
    expect(spawnSync('pgrep', ['-f', 'sleep 6013']).status, 'a hung restart command still runs').toBe(1);
    expect((await store.iterations.list(s.sessionId)).filter((r) => r.kind === 'baseline')).toHaveLength(1);
  });
});
