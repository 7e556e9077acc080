import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BearerToken } from '../../lib/grpc/auth/bearer-token';
import { useClientSecurity } from '../../lib/grpc/channel-credentials';
import { DiscoveryClient } from '../../lib/grpc/clients/discovery-client';
import { findFreePort } from '../../lib/postgres/free-port';
import type { MetadataStore } from '../../lib/store/metadata-store';
import { startDiscovery } from '../../services/discovery/start-discovery';
import { runCli } from '../helpers/run-cli';
import { startSandbox, type SandboxFixture } from '../helpers/sandbox-fixture';
import { startServiceProcess, until, type ServiceProcess } from '../helpers/service-process';
import { dropTestSchemas, openTestStore, uniqueSchemaName } from '../helpers/test-store';

const schema = uniqueSchemaName('discovery_beats');
/** Short on purpose: one beat a second, unavailable after three seconds without one. */
const UNAVAILABLE_AFTER_MS = 3_000;

/**
 * `serve collector --register` as a real process (dist/: `npm run build` first) against an
 * in-process Discovery on loopback: it registers, beats, turns unavailable when killed, takes
 * its entry back when restarted, and waits out a Discovery that is not there yet.
 */
describe('a collector that registers itself and heartbeats', () => {
  let sandbox: SandboxFixture;
  let store: MetadataStore;
  let discovery: Awaited<ReturnType<typeof startDiscovery>> | undefined;
  let discoveryPort: number;
  let client: DiscoveryClient;
  const collectors: ServiceProcess[] = [];
  const dir = mkdtempSync(path.join(tmpdir(), 'pgat-beats-'));

  const startDiscoveryHere = async () => {
    discovery = await startDiscovery({ store, port: discoveryPort, unavailableAfterMs: UNAVAILABLE_AFTER_MS });
  };
  const collector = async (name: string, options: { discovery?: string; env?: NodeJS.ProcessEnv } = {}) => {
    const discoveryAt = options.discovery ?? `127.0.0.1:${discoveryPort}`;
    const args = ['--target', sandbox.dsn, '--state-dir', path.join(dir, name), '--register', discoveryAt, '--name', name, '--heartbeat-interval', '1'];
    const started = await startServiceProcess('collector', args, { readyTimeoutMs: 60_000, env: options.env });
    collectors.push(started);
    return started;
  };
  const status = async (name: string) => (await client.getInstance(name).catch(() => undefined))?.status;
  const logs = () => collectors.map((c) => `--- collector: ${c.log().slice(-2000)}`).join('\n');

  beforeAll(async () => {
    sandbox = await startSandbox({ scale: 1 });
    store = await openTestStore(schema);
    discoveryPort = await findFreePort();
    await startDiscoveryHere();
    client = new DiscoveryClient(`127.0.0.1:${discoveryPort}`);
  }, 120_000);

  afterAll(async () => {
    for (const c of collectors) await c.stop();
    client?.close();
    await discovery?.stop();
    await store?.close();
    await dropTestSchemas(schema);
    await sandbox?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it('appears alive, stays alive on its beats, is unavailable once killed, and alive again (same entry) after a restart', async () => {
    const first = await collector('beats-1');
    await until('the collector to register', async () => (await status('beats-1')) === 'alive', 30_000, logs);
    const registered = await client.getInstance('beats-1');
    expect(registered.collectorAddress).toBe(first.address);

    // Longer than the unavailable limit: only heartbeats keep it alive.
    await new Promise((r) => setTimeout(r, UNAVAILABLE_AFTER_MS * 1.7));
    expect(await status('beats-1'), logs()).toBe('alive');
    expect((await client.getInstance('beats-1')).lastHeartbeatMs).toBeGreaterThan(registered.lastHeartbeatMs);

    await first.kill();
    await until('the killed collector to turn unavailable', async () => (await status('beats-1')) === 'unavailable', 20_000, logs);
    const listed = await runCli(['instances', '--discovery', `127.0.0.1:${discoveryPort}`]).done;
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(/^beats-1\s+unavailable\s/m);

    const second = await collector('beats-1');
    await until('the restarted collector to be alive again', async () => (await status('beats-1')) === 'alive', 30_000, logs);
    const again = await client.getInstance('beats-1');
    expect(again.id).toBe(registered.id);
    expect(again.collectorAddress).toBe(second.address);
    expect((await client.listInstances()).filter((i) => i.name === 'beats-1')).toHaveLength(1);
  }, 180_000);

  it('serves while Discovery is down, retrying with backoff, and registers once it is back', async () => {
    await discovery!.stop();
    discovery = undefined;
    const started = await collector('beats-2');
    await until('a logged failed registration', () => /registration failed; the collector keeps serving and retries/.test(started.log()), 30_000, logs);
    expect(started.alive()).toBe(true);
    await startDiscoveryHere();
    await until('the collector to register once Discovery is back', async () => (await status('beats-2')) === 'alive', 45_000, logs);
    expect(started.log()).toMatch(/"attempt":1\b/);
    expect(started.log()).toMatch(/registered with discovery/);
  }, 180_000);

  it("carries the process's token: registers with a Discovery that requires it, and a wrong one is logged, not retried, while it serves", async () => {
    const token = 'beats-token-0123456789abcdef';
    // Discovery calls the collector back (GetServerInfo) with this process's token.
    useClientSecurity({ token: new BearerToken(token, 'test') });
    const guarded = await startDiscovery({ store, port: 0, unavailableAfterMs: UNAVAILABLE_AFTER_MS, security: { token: new BearerToken(token, 'test') } });
    try {
      const guardedClient = new DiscoveryClient(guarded.address);
      await collector('beats-3', { discovery: guarded.address, env: { PG_AUTOTUNE_TOKEN: token } });
      await until('the collector with the token to register', async () => (await guardedClient.getInstance('beats-3').catch(() => undefined))?.status === 'alive', 30_000, logs);

      const wrong = await collector('beats-4', { discovery: guarded.address, env: { PG_AUTOTUNE_TOKEN: 'not-the-token-0123456789' } });
      await until('the refusal to be logged', () => /discovery refused this collector/.test(wrong.log()), 30_000, logs);
      expect(wrong.log()).not.toContain(token);
      expect(wrong.log()).not.toContain('not-the-token-0123456789');
      await new Promise((r) => setTimeout(r, 3_000));
      expect(wrong.alive()).toBe(true);
      expect(wrong.log().match(/discovery refused this collector/g)).toHaveLength(1);
      await expect(guardedClient.getInstance('beats-4')).rejects.toThrow(/beats-4/);
      guardedClient.close();
    } finally {
      await guarded.stop();
      useClientSecurity({});
    }
  }, 180_000);
});
