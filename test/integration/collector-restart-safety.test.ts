import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPgBinaries } from '../../lib/postgres/pg-binaries';
import { RELOAD_ONLY, restartCommandControl } from '../../lib/postgres/server-control';
import { resolveServerUser } from '../../lib/postgres/server-user';
import { CollectorService } from '../../services/collector/collector-service';
import { startSandbox, type SandboxFixture } from '../helpers/sandbox-fixture';
import { serverSetting } from '../helpers/server-setting';

// Unique, so that ps can tell whether the hung command's process group was killed.
const HANG_SECONDS = 613;

describe('Collector rollback when the restart command stops the server and hangs', () => {
  let sandbox: SandboxFixture;
  let stateDir: string;

  beforeAll(async () => {
    sandbox = await startSandbox({ scale: 1 });
    stateDir = mkdtempSync(path.join(tmpdir(), 'pgat-state-'));
  });

  afterAll(async () => {
    await sandbox?.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('kills the command with its process group after the deadline and starts the server on the original', async () => {
    const pgCtl = findPgBinaries().pgCtl;
    const user = resolveServerUser();
    const asServer = user ? `runuser -u ${user.name} -- ` : '';
    const script = path.join(sandbox.baseDir, 'hang.sh');
    writeFileSync(script, `#!/bin/sh\n${asServer}${pgCtl} stop -D '${sandbox.dataDir}' -m fast -w -t 30\nsleep ${HANG_SECONDS}\n`);
    chmodSync(script, 0o755);
    const service = await CollectorService.create({
      target: sandbox.target,
      control: restartCommandControl(script, sandbox.target, sandbox.pgCtl),
      dataDir: sandbox.dataDir,
      stateDir,
    });
    const original = await serverSetting(sandbox.target, 'shared_buffers');
    const started = performance.now();
    const reply = await service.applyKnobs({ knobs: [{ name: 'shared_buffers', value: '20480' }], allowDurabilityRisk: false, restartTimeoutS: 5 });
    expect(performance.now() - started).toBeLessThan(40_000);
    expect(reply).toMatchObject({ applied: false, rolledBack: true, restarted: true });
    expect(reply.error).toMatch(/did not finish within 5 s and was killed/);
    expect(await sandbox.pgCtl.status()).toBe('running');
    expect(await serverSetting(sandbox.target, 'shared_buffers')).toBe(original);
    const { stdout } = spawnSync('ps', ['-eo', 'args='], { encoding: 'utf8' });
    expect(stdout).not.toContain(`sleep ${HANG_SECONDS}`);
    await service.close();
  });

  it('ApplyKnobs names the catalog knobs still waiting for a restart (pending_restart)', async () => {
    const service = await CollectorService.create({ target: sandbox.target, control: RELOAD_ONLY, stateDir });
    const admin = new Client(sandbox.target.clientConfig());
    await admin.connect();
    try {
      // Someone else's change that needs a restart this reload-only collector may not do.
      await admin.query(`ALTER SYSTEM SET shared_buffers = '20480'`);
      await admin.query('SELECT pg_reload_conf()');
      await new Promise((r) => setTimeout(r, 300));
      const reply = await service.applyKnobs({ knobs: [{ name: 'work_mem', value: '8MB' }], allowDurabilityRisk: false, restartTimeoutS: 0 });
      expect(reply).toMatchObject({ applied: true, pendingRestart: ['shared_buffers'] });
    } finally {
      await admin.query('ALTER SYSTEM RESET shared_buffers');
      await admin.query('SELECT pg_reload_conf()');
      await admin.end();
      await service.resetKnobs({ knobs: [] });
      await service.close();
    }
  });
});
