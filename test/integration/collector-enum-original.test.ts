import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CollectorClient } from '../../lib/grpc/clients/collector-client';
import { RELOAD_ONLY } from '../../lib/postgres/server-control';
import { startCollector } from '../../services/collector/start-collector';
import { startSandbox, type SandboxFixture } from '../helpers/sandbox-fixture';
import { serverSetting } from '../helpers/server-setting';

/**
 * A server whose own synchronous_commit is one a tuner may not choose (local), behind a
 * collector without --data-dir, so every change and every restore goes through ALTER SYSTEM:
 * the original is accepted by validation and by the statement builder alike, and comes back.
 */
describe('Collector without --data-dir on a server with synchronous_commit = local', () => {
  let sandbox: SandboxFixture;
  let collector: Awaited<ReturnType<typeof startCollector>>;
  let client: CollectorClient;
  const syncCommit = () => serverSetting(sandbox.target, 'synchronous_commit');
  const apply = (value: string) => client.applyKnobs({ knobs: [{ name: 'synchronous_commit', value }], allowDurabilityRisk: true });

  beforeAll(async () => {
    sandbox = await startSandbox({ scale: 1 });
    // The DBA's choice, in postgresql.conf as a DBA would put it.
    appendFileSync(path.join(sandbox.dataDir, 'postgresql.conf'), '\nsynchronous_commit = local\n');
    const pg = new Client(sandbox.target.clientConfig());
    await pg.connect();
    await pg.query('SELECT pg_reload_conf()').finally(() => pg.end());
    // A reload is asynchronous: wait until the server has read the file.
    for (let i = 0; i < 50 && (await syncCommit()) !== 'local'; i++) await new Promise((r) => setTimeout(r, 100));
    collector = await startCollector({ target: sandbox.target, control: RELOAD_ONLY, stateDir: path.join(sandbox.baseDir, 'collector-state'), port: 0 });
    client = new CollectorClient(collector.address);
  });

  afterAll(async () => {
    client?.close();
    await collector?.stop();
    await sandbox?.stop();
  });

  it('starts on local', async () => {
    expect(await syncCommit()).toBe('local');
  });

  it('applies the original again after a tuned value (a session rolling back to its start)', async () => {
    expect(await apply('off')).toMatchObject({ applied: true, inEffect: [{ name: 'synchronous_commit', value: 'off' }] });
    const back = await apply('local');
    expect(back.error ?? '').toBe('');
    expect(back).toMatchObject({ applied: true, rolledBack: false, inEffect: [{ name: 'synchronous_commit', value: 'local' }] });
    expect(await syncCommit()).toBe('local');
  });

  it('still refuses the values of the enum that are not the original', async () => {
    for (const value of ['remote_write', 'remote_apply']) {
      await expect(apply(value)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('knobs.synchronous_commit: "') });
    }
    expect(await syncCommit()).toBe('local');
  });

  it('ResetKnobs puts local back, with and without the session original given', async () => {
    await apply('off');
    expect((await client.resetKnobs()).inEffect).toContainEqual({ name: 'synchronous_commit', value: 'local' });
    expect(await syncCommit()).toBe('local');
    await apply('off');
    const reset = await client.resetKnobs([{ name: 'synchronous_commit', value: 'local' }]);
    expect(reset.inEffect).toContainEqual({ name: 'synchronous_commit', value: 'local' });
    expect(await syncCommit()).toBe('local');
  });
});
