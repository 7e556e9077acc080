import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CollectorClient } from '../../lib/grpc/clients/collector-client';
import { checkHealth } from '../../lib/grpc/health-client';
import { pgCtlCommand, writeRestartScript } from '../helpers/restart-script';
import { startSandbox, type SandboxFixture } from '../helpers/sandbox-fixture';
import { serverSetting } from '../helpers/server-setting';
import { startServiceProcess, type ServiceProcess } from '../helpers/service-process';

/**
 * Restarts that go wrong, through a real `serve collector` process with `--restart-command`:
 * the server itself refusing a value at start, and a restart command that never returns. In
 * both the server must end up running on its last good configuration (the one before the
 * failed ApplyKnobs, which here includes an earlier good step), and the caller must get an
 * answer that says what happened.
 */
describe('fault: a restart that fails, and one that hangs', () => {
  let sandbox: SandboxFixture;
  let stateDir: string;
  let collector: ServiceProcess | undefined;
  let client: CollectorClient | undefined;
  let autoConf: () => string;

  beforeAll(async () => {
    sandbox = await startSandbox({ scale: 1 });
    stateDir = mkdtempSync(path.join(tmpdir(), 'pgat-state-'));
    autoConf = () => readFileSync(path.join(sandbox.dataDir, 'postgresql.auto.conf'), 'utf8');
  });

  afterEach(async () => {
    client?.close();
    await collector?.stop();
    // Whatever a failed case left: the next starts from a running server.
    if ((await sandbox.pgCtl.status()) === 'stopped') await sandbox.pgCtl.restart({ timeoutS: 60 });
  });

  afterAll(async () => {
    await sandbox?.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  const startCollector = async (script: string) => {
    collector = await startServiceProcess('collector', ['--target', sandbox.dsn, '--data-dir', sandbox.dataDir, '--state-dir', stateDir, '--restart-command', script]);
    client = new CollectorClient(collector.address);
    return client;
  };

  it('a shared_buffers the server cannot map at start: rolled back, the server runs on the last good configuration', async () => {
    // A real start failure, from the server itself: the restart runs pg_ctl under a 1 GB
    // address-space limit, so 2 GB of shared_buffers (inside the catalog's 40% of RAM) cannot be mapped.
    const script = writeRestartScript(sandbox, 'restart-limited.sh', [
      'ulimit -v 1048576',
      // Like systemctl pointing at the journal, it shows the server log's last lines when the start fails.
      `${pgCtlCommand(sandbox, `restart -m fast -w -t 30 -l '${sandbox.baseDir}/restart.log'`)} || { grep FATAL '${sandbox.baseDir}/restart.log' | tail -n 1 >&2; exit 1; }`,
    ]);
    const api = await startCollector(script);
    const originalBuffers = await serverSetting(sandbox.target, 'shared_buffers');
    expect((await api.applyKnobs({ knobs: [{ name: 'work_mem', value: '8MB' }] })).applied).toBe(true);
    const lastGood = autoConf();

    const reply = await api.applyKnobs({ knobs: [{ name: 'shared_buffers', value: '2GB' }], restartTimeoutS: 30 });
    expect(reply).toMatchObject({ applied: false, rolledBack: true });
    // The server's own reason, not a stack trace.
    expect(reply.error).toMatch(/restart command (\(--restart-command\) )?failed/);
    expect(reply.error).toMatch(/shared memory|Cannot allocate memory/i);
    expect(reply.error).not.toMatch(/\n\s+at |\.ts:\d+|\.js:\d+/);
    expect(reply.inEffect).toEqual([{ name: 'shared_buffers', value: originalBuffers }]);
    expect(await sandbox.pgCtl.status()).toBe('running');
    expect(autoConf()).toBe(lastGood);
    expect(await serverSetting(sandbox.target, 'shared_buffers')).toBe(originalBuffers);
    expect(await serverSetting(sandbox.target, 'work_mem')).toBe('8192');
    expect(await checkHealth(api.address, 'autotune.v1.Collector', 2000).catch(() => 'DOWN')).toBe('SERVING');
  });

  it('a restart command that stops the server and hangs: ApplyKnobs fails within its deadline and the server comes back on the last good configuration', async () => {
    const script = writeRestartScript(sandbox, 'restart-hangs.sh', [
      // Stops the server, then never returns (a wedged systemctl, an unreachable Patroni).
      `${pgCtlCommand(sandbox, 'stop -m fast -w -t 30')} >/dev/null 2>&1`,
      'sleep 6013',
    ]);
    const api = await startCollector(script);
    const lastGoodWorkMem = await serverSetting(sandbox.target, 'work_mem');
    const originalBuffers = await serverSetting(sandbox.target, 'shared_buffers');
    const lastGood = autoConf();

    const restartTimeoutS = 5;
    const started = performance.now();
    const outcome = await api.applyKnobs({ knobs: [{ name: 'shared_buffers', value: '256MB' }], restartTimeoutS }).then(
      (reply) => ({ reply, error: null }),
      (error: Error) => ({ reply: null, error }),
    );
    const seconds = (performance.now() - started) / 1000;
    // The restart's deadline, the rollback's own and a start: bounded, never the 600 s the command sleeps.
    expect(seconds).toBeLessThan(4 * restartTimeoutS + 30);
    const said = outcome.reply ? outcome.reply.error : outcome.error!.message;
    expect(outcome.reply?.applied ?? false).toBe(false);
    expect(said).toMatch(/did not finish within|deadline|timed out/i);
    expect(said).not.toMatch(/\n\s+at |\.ts:\d+|\.js:\d+/);
    // The hung command was killed with everything it started, not left behind.
    expect(spawnSync('pgrep', ['-f', 'sleep 6013']).status, 'a hung restart command still runs').toBe(1);

    expect(await sandbox.pgCtl.status()).toBe('running');
    expect(autoConf()).toBe(lastGood);
    expect(await serverSetting(sandbox.target, 'shared_buffers')).toBe(originalBuffers);
    expect(await serverSetting(sandbox.target, 'work_mem')).toBe(lastGoodWorkMem);
    expect(await checkHealth(api.address, 'autotune.v1.Collector', 2000)).toBe('SERVING');
  });
});
