import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restartCommandControl } from '../../lib/postgres/server-control';
import { startCollector } from '../../services/collector/start-collector';
import { CollectorClient } from '../../lib/grpc/clients/collector-client';
import { findPgBinaries } from '../../lib/postgres/pg-binaries';
import { resolveServerUser } from '../../lib/postgres/server-user';
import { startSandbox, type SandboxFixture } from '../helpers/sandbox-fixture';
import { serverSetting } from '../helpers/server-setting';

/**
 * The rollback of a restart that fails, on every machine. collector-service.test.ts provokes
 * the failure with a shared_buffers the kernel cannot map, which a host with
 * vm.overcommit_memory=1 maps anyway; here the restart command itself refuses to bring the
 * server back while the step's value is in postgresql.auto.conf, leaving it stopped, as a
 * server that fails its start does. Only the rollback (restore auto.conf, start again) can
 * bring it back.
 */
describe('Collector rollback after a failed restart', () => {
  const refused = 24_576; // 192 MB in 8 kB pages: a valid value the restart command refuses
  let sandbox: SandboxFixture;
  let collector: Awaited<ReturnType<typeof startCollector>>;
  let client: CollectorClient;
  let autoConf: () => string;

  beforeAll(async () => {
    sandbox = await startSandbox({ scale: 1 });
    autoConf = () => readFileSync(path.join(sandbox.dataDir, 'postgresql.auto.conf'), 'utf8');
    const pgCtl = findPgBinaries().pgCtl;
    const user = resolveServerUser();
    const asServer = user ? `runuser -u ${user.name} -- ` : '';
    const script = path.join(sandbox.baseDir, 'restart.sh');
    writeFileSync(
      script,
      [
        '#!/bin/sh',
        'set -e',
        // Like `systemctl restart`, it also starts a stopped server (the rollback's start).
        `if ${asServer}${pgCtl} status -D '${sandbox.dataDir}' >/dev/null; then ${asServer}${pgCtl} stop -D '${sandbox.dataDir}' -m fast -w -t 30; fi`,
        `if grep -q "^shared_buffers = '${refused}'" '${sandbox.dataDir}/postgresql.auto.conf'; then`,
        '  echo "FATAL: the server refused its new shared_buffers" >&2',
        '  exit 1',
        'fi',
        `${asServer}${pgCtl} start -D '${sandbox.dataDir}' -w -t 30 -l '${sandbox.baseDir}/restart.log'`,
        '',
      ].join('\n'),
    );
    chmodSync(script, 0o755);
    collector = await startCollector({
      target: sandbox.target,
      control: restartCommandControl(script, sandbox.target, sandbox.pgCtl),
      dataDir: sandbox.dataDir,
      port: 0,
    });
    client = new CollectorClient(collector.address);
  });

  afterAll(async () => {
    client?.close();
    await collector?.stop();
    await sandbox?.stop();
  });

  it('restores postgresql.auto.conf, starts the server again and reports the rollback', async () => {
    const before = autoConf();
    const original = await serverSetting(sandbox.target, 'shared_buffers');
    const reply = await client.applyKnobs({ knobs: [{ name: 'shared_buffers', value: String(refused) }], restartTimeoutS: 60 });
    expect(reply).toMatchObject({ applied: false, rolledBack: true });
    expect(reply.error).toMatch(/restart command \(--restart-command\) failed/);
    expect(reply.inEffect).toEqual([{ name: 'shared_buffers', value: original }]);
    expect(autoConf()).toBe(before);
    expect(await sandbox.pgCtl.status()).toBe('running');
    expect(await serverSetting(sandbox.target, 'shared_buffers')).toBe(original);
  });

  it('then applies a value the server accepts, through the same restart command', async () => {
    const reply = await client.applyKnobs({ knobs: [{ name: 'shared_buffers', value: '20480' }], restartTimeoutS: 60 });
    expect(reply).toMatchObject({ applied: true, rolledBack: false, restarted: true });
    expect(await serverSetting(sandbox.target, 'shared_buffers')).toBe('20480');
  });
});
