import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pgCtlControl, RELOAD_ONLY, type ServerControl } from '../../lib/postgres/server-control';
import type { ConfigBackup } from '../../services/collector/config-backup';
import { KnobApplier } from '../../services/collector/knob-applier';
import { startSandbox, type SandboxFixture } from '../helpers/sandbox-fixture';
import { serverSetting } from '../helpers/server-setting';

/**
 * KnobApplier's every path on a real server, one branch a test: nothing to change, a reload,
 * a restart, a restart refused up front, and the rollbacks of a restart that fails, of a server
 * that never answers again, and of a rollback that fails too; restore() by file and by ALTER
 * SYSTEM. `npm run test:mutation:applier` mutates knob-applier.ts against these. Each test
 * starts from the sandbox's own postgresql.auto.conf, written back without the code under test.
 */
describe('KnobApplier apply and rollback', () => {
  let sandbox: SandboxFixture;
  let autoConf: () => string;
  let initialAutoConf: string;
  let admin: (sql: string) => Promise<void>;

  beforeAll(async () => {
    sandbox = await startSandbox({ scale: 1 });
    autoConf = () => readFileSync(path.join(sandbox.dataDir, 'postgresql.auto.conf'), 'utf8');
    initialAutoConf = autoConf();
    admin = async (sql) => {
      const client = new Client(sandbox.target.clientConfig());
      await client.connect();
      try {
        await client.query(sql);
      } finally {
        await client.end();
      }
    };
  });

  afterEach(async () => {
    writeFileSync(path.join(sandbox.dataDir, 'postgresql.auto.conf'), initialAutoConf);
    // pg_ctl restart also starts a stopped server, with the options of its last start.
    await sandbox.pgCtl.restart({ timeoutS: 60 });
  });

  afterAll(async () => {
    await sandbox?.stop();
  });

  /** A pg_ctl control whose calls are counted, with any of them replaced. */
  function control(overrides: Partial<ServerControl> = {}): ServerControl & { calls: string[] } {
    const real = pgCtlControl(sandbox.pgCtl);
    const calls: string[] = [];
    return {
      calls,
      canRestart: overrides.canRestart ?? real.canRestart,
      restart: (t) => (calls.push('restart'), (overrides.restart ?? real.restart)(t)),
      start: (t) => (calls.push('start'), (overrides.start ?? real.start)(t)),
      isRunning: () => (overrides.isRunning ?? real.isRunning)(),
    };
  }

  /** An applier on the sandbox; `changes` counts beforeChange calls and what the server had at each. */
  function applier(serverControl: ServerControl, options: { dataDir?: boolean; healthTimeoutS?: number } = {}) {
    const changes: string[] = [];
    const knobApplier = new KnobApplier({
      target: sandbox.target,
      control: serverControl,
      ...(options.dataDir === false ? {} : { dataDir: sandbox.dataDir }),
      host: { memoryBytes: os.totalmem(), cpus: 2, maxConnections: 100 },
      healthTimeoutS: options.healthTimeoutS ?? 10,
      originalValues: () => new Map(),
      beforeChange: async () => void changes.push(await serverSetting(sandbox.target, 'work_mem')),
    });
    return { knobApplier, changes };
  }

  const stopAndFail = (message: string) => async () => {
    await sandbox.pgCtl.stop({ timeoutS: 30 });
    throw new Error(message);
  };

  it('changes nothing and marks nothing when every value is already in effect', async () => {
    const c = control();
    const { knobApplier, changes } = applier(c);
    const reply = await knobApplier.apply({ knobs: [{ name: 'work_mem', value: '4MB' }], allowDurabilityRisk: false, restartTimeoutS: 30 });
    expect(reply).toEqual({ applied: true, restarted: false, rolledBack: false, inEffect: [{ name: 'work_mem', value: '4096' }], pendingRestart: [] });
    expect(changes).toEqual([]);
    expect(c.calls).toEqual([]);
    expect(autoConf()).toBe(initialAutoConf);
  });

  it('marks the change before it, applies a reload knob without a restart and reads it back', async () => {
    const c = control();
    const { knobApplier, changes } = applier(c);
    const reply = await knobApplier.apply({ knobs: [{ name: 'work_mem', value: '16384' }], allowDurabilityRisk: false, restartTimeoutS: 30 });
    expect(reply).toEqual({ applied: true, restarted: false, rolledBack: false, inEffect: [{ name: 'work_mem', value: '16384' }], pendingRestart: [] });
    // beforeChange ran once, while the server still had the old value.
    expect(changes).toEqual(['4096']);
    expect(c.calls).toEqual([]);
    expect(await serverSetting(sandbox.target, 'work_mem')).toBe('16384');
  });

  it('restarts for a postmaster knob that changed', async () => {
    const c = control();
    const { knobApplier } = applier(c);
    const reply = await knobApplier.apply({ knobs: [{ name: 'shared_buffers', value: '20480' }], allowDurabilityRisk: false, restartTimeoutS: 30 });
    expect(reply).toEqual({ applied: true, restarted: true, rolledBack: false, inEffect: [{ name: 'shared_buffers', value: '20480' }], pendingRestart: [] });
    expect(c.calls).toEqual(['restart']);
    expect(await serverSetting(sandbox.target, 'shared_buffers')).toBe('20480');
  });

  it('without restart permission refuses changed restart knobs up front, naming each, but not one at its value', async () => {
    const { knobApplier, changes } = applier(RELOAD_ONLY, { dataDir: false });
    const refused = knobApplier.apply({
      knobs: [{ name: 'work_mem', value: '8192' }, { name: 'shared_buffers', value: '20480' }, { name: 'wal_buffers', value: '1024' }],
      allowDurabilityRisk: false,
      restartTimeoutS: 30,
    });
    await expect(refused).rejects.toMatchObject({
      code: 'FAILED_PRECONDITION',
      message: expect.stringMatching(/^shared_buffers, wal_buffers take effect only after a restart, .*--data-dir/),
    });
    expect(changes).toEqual([]);
    expect(await serverSetting(sandbox.target, 'work_mem')).toBe('4096');
    const reply = await knobApplier.apply({
      knobs: [{ name: 'work_mem', value: '8192' }, { name: 'shared_buffers', value: '16384' }],
      allowDurabilityRisk: false,
      restartTimeoutS: 30,
    });
    expect(reply).toMatchObject({ applied: true, restarted: false, rolledBack: false });
    expect(await serverSetting(sandbox.target, 'work_mem')).toBe('8192');
  });

  it('a reload-only collector leaves a restart someone else made pending, and names it', async () => {
    await admin(`ALTER SYSTEM SET shared_buffers = '20480'`);
    const { knobApplier } = applier(RELOAD_ONLY, { dataDir: false });
    const reply = await knobApplier.apply({ knobs: [{ name: 'work_mem', value: '8192' }], allowDurabilityRisk: false, restartTimeoutS: 30 });
    expect(reply).toEqual({ applied: true, restarted: false, rolledBack: false, inEffect: [{ name: 'work_mem', value: '8192' }], pendingRestart: ['shared_buffers'] });
  });

  it('rolls back a restart that failed and left the server stopped: the file back, the server started', async () => {
    const c = control({ restart: stopAndFail('the server refused its new shared_buffers') });
    const { knobApplier } = applier(c);
    const reply = await knobApplier.apply({ knobs: [{ name: 'shared_buffers', value: '20480' }], allowDurabilityRisk: false, restartTimeoutS: 30 });
    expect(reply).toEqual({
      applied: false,
      restarted: true,
      rolledBack: true,
      error: 'the server refused its new shared_buffers',
      inEffect: [{ name: 'shared_buffers', value: '16384' }],
      pendingRestart: [],
    });
    expect(c.calls).toEqual(['restart', 'start']);
    expect(autoConf()).toBe(initialAutoConf);
    expect(await sandbox.pgCtl.status()).toBe('running');
  });

  it('rolls back a change after which the server no longer answers within the health timeout', async () => {
    // A "restart" that only stops: the change itself succeeds, the health check cannot.
    const c = control({ restart: () => sandbox.pgCtl.stop({ timeoutS: 30 }) });
    const { knobApplier } = applier(c, { healthTimeoutS: 1 });
    const reply = await knobApplier.apply({ knobs: [{ name: 'shared_buffers', value: '20480' }], allowDurabilityRisk: false, restartTimeoutS: 30 });
    expect(reply).toMatchObject({
      applied: false,
      restarted: true,
      rolledBack: true,
      error: 'the server did not answer a health query within 1 s after the change',
      inEffect: [{ name: 'shared_buffers', value: '16384' }],
    });
    expect(c.calls).toEqual(['restart', 'start']);
    expect(autoConf()).toBe(initialAutoConf);
  });

  it('when the rollback fails too, says both reasons and that the original stays recorded', async () => {
    const c = control({ restart: stopAndFail('restart refused'), start: () => Promise.reject(new Error('start refused')) });
    const { knobApplier } = applier(c);
    const failed = knobApplier.apply({ knobs: [{ name: 'shared_buffers', value: '20480' }], allowDurabilityRisk: false, restartTimeoutS: 30 });
    await expect(failed).rejects.toMatchObject({
      code: 'FAILED_PRECONDITION',
      message: expect.stringMatching(/^the change failed \(restart refused\) and rolling it back failed too \(start refused\); the original configuration stays recorded/),
      cause: { message: 'start refused' },
    });
    // The file was put back before the start that failed.
    expect(autoConf()).toBe(initialAutoConf);
  });

  describe('restore()', () => {
    let backup: ConfigBackup;

    it('by ALTER SYSTEM without the data directory: a reload knob back without a restart', async () => {
      const c = control();
      const { knobApplier } = applier(c, { dataDir: false });
      backup = await knobApplier.capture();
      expect(backup.autoConfText).toBeNull();
      await knobApplier.apply({ knobs: [{ name: 'work_mem', value: '16384' }], allowDurabilityRisk: false, restartTimeoutS: 30 });
      expect(await knobApplier.restore(backup, 30)).toBe(false);
      expect(await serverSetting(sandbox.target, 'work_mem')).toBe('4096');
      expect(c.calls).toEqual([]);
    });

    it('by ALTER SYSTEM, restarting when a restart knob differs afterwards', async () => {
      const c = control();
      const { knobApplier } = applier(c, { dataDir: false });
      backup = await knobApplier.capture();
      await admin(`ALTER SYSTEM SET shared_buffers = '20480'`);
      await sandbox.pgCtl.restart({ timeoutS: 60 });
      expect(await knobApplier.restore(backup, 30)).toBe(true);
      expect(await serverSetting(sandbox.target, 'shared_buffers')).toBe('16384');
      expect(c.calls).toEqual(['restart']);
    });

    it('by file while the server runs: reloads, and restarts only for a pending restart knob', async () => {
      const c = control();
      const { knobApplier } = applier(c);
      backup = await knobApplier.capture();
      expect(backup.autoConfText).toBe(initialAutoConf);
      await admin(`ALTER SYSTEM SET work_mem = '16384'`);
      await admin('SELECT pg_reload_conf()');
      expect(await knobApplier.restore(backup, 30)).toBe(false);
      expect(await serverSetting(sandbox.target, 'work_mem')).toBe('4096');
      await admin(`ALTER SYSTEM SET shared_buffers = '20480'`);
      await sandbox.pgCtl.restart({ timeoutS: 60 });
      expect(await knobApplier.restore(backup, 30)).toBe(true);
      expect(await serverSetting(sandbox.target, 'shared_buffers')).toBe('16384');
      expect(c.calls).toEqual(['restart']);
      expect(autoConf()).toBe(initialAutoConf);
    });

    it('restores a backup taken with the other access: a file by ALTER SYSTEM without the data directory, entries by ALTER SYSTEM with it', async () => {
      // A durable original recorded by a collector with --data-dir, restored by one without (and the reverse).
      const withFile = await applier(control()).knobApplier.capture();
      const withoutFile = await applier(control(), { dataDir: false }).knobApplier.capture();
      expect(withFile.autoConfText).toBe(initialAutoConf);
      expect(withoutFile.autoConfText).toBeNull();
      await admin(`ALTER SYSTEM SET work_mem = '16384'`);
      await admin('SELECT pg_reload_conf()');
      expect(await applier(control(), { dataDir: false }).knobApplier.restore(withFile, 30)).toBe(false);
      expect(await serverSetting(sandbox.target, 'work_mem')).toBe('4096');
      await admin(`ALTER SYSTEM SET work_mem = '16384'`);
      await admin('SELECT pg_reload_conf()');
      expect(await applier(control()).knobApplier.restore(withoutFile, 30)).toBe(false);
      expect(await serverSetting(sandbox.target, 'work_mem')).toBe('4096');
    });

    it('starts the server when its restart failed and left it stopped; passes the error on when it still runs', async () => {
      const stopping = control({ restart: stopAndFail('restart refused') });
      const { knobApplier } = applier(stopping);
      backup = await knobApplier.capture();
      await admin(`ALTER SYSTEM SET shared_buffers = '20480'`);
      await sandbox.pgCtl.restart({ timeoutS: 60 });
      expect(await knobApplier.restore(backup, 30)).toBe(true);
      expect(stopping.calls).toEqual(['restart', 'start']);
      expect(await serverSetting(sandbox.target, 'shared_buffers')).toBe('16384');

      await admin(`ALTER SYSTEM SET shared_buffers = '20480'`);
      await sandbox.pgCtl.restart({ timeoutS: 60 });
      const failing = control({ restart: () => Promise.reject(new Error('restart refused, server untouched')) });
      await expect(applier(failing).knobApplier.restore(backup, 30)).rejects.toThrow('restart refused, server untouched');
      expect(failing.calls).toEqual(['restart']);
    });
  });
});
