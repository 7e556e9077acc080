import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../lib/postgres/free-port';
import { Sandbox } from '../../lib/postgres/sandbox';
import { openDefaultStore } from '../../lib/store/open-default-store';
import { storeLocations } from '../../lib/store/store-locations';

/**
 * Who stops the private store cluster: the open (tune) or the report that started it, once it
 * is done with it; never one that found it running, so `tune`'s three store-backed services
 * (each with its own pool) can stop in any order but the first.
 */
describe('the private store cluster', () => {
  // Short prefix: the Unix socket path inside must stay under 107 bytes.
  const privateBaseDir = mkdtempSync(path.join(os.tmpdir(), 'pgat-'));
  const sandbox = new Sandbox({ baseDir: privateBaseDir });
  const status = async () => (await sandbox.status()).state;
  let env: NodeJS.ProcessEnv;

  afterAll(async () => {
    await sandbox.down();
    rmSync(privateBaseDir, { recursive: true, force: true });
  });

  it('is started by the first open when no local server answers, and stopped by that open only', async () => {
    // A port nobody listens on: "no local server", so the private cluster follows.
    env = { PGHOST: '127.0.0.1', PGPORT: String(await findFreePort()), PGUSER: 'postgres' };
    const notes: string[] = [];
    const first = await openDefaultStore({ env, privateBaseDir, stopPrivateCluster: true, onProgress: (m) => notes.push(m) });
    expect(notes.join('\n')).toMatch(/using a private store cluster/);
    expect(await status()).toBe('running');
    const second = await openDefaultStore({ env, privateBaseDir, stopPrivateCluster: true });
    const served = await openDefaultStore({ env, privateBaseDir });
    expect(second.where).toBe(first.where);
    await expect(second.store.sessions.list()).resolves.toEqual([]);

    await second.close();
    await served.close();
    expect(await status()).toBe('running');
    await first.close();
    expect(await status()).toBe('stopped');
  }, 120_000);

  it('is started again for a read of a stopped cluster, and stopped when released', async () => {
    const location = storeLocations({ env, privateBaseDir }).find((l) => l.kind === 'private')!;
    const target = await location.target({ create: false });
    expect(target?.database).toBe('pg_autotune');
    expect(await status()).toBe('running');
    await location.release();
    expect(await status()).toBe('stopped');
  }, 120_000);

  it('is left running by a release of a location that found it running', async () => {
    await sandbox.up();
    const location = storeLocations({ env, privateBaseDir }).find((l) => l.kind === 'private')!;
    await location.target({ create: false });
    await location.release();
    expect(await status()).toBe('running');
  }, 120_000);
});
