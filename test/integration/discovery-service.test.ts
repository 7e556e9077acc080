import { createServer, type AddressInfo, type Socket } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RELOAD_ONLY } from '../../lib/postgres/server-control';
import { startCollector } from '../../services/collector/start-collector';
import { startDiscovery } from '../../services/discovery/start-discovery';
import { DiscoveryService } from '../../services/discovery/discovery-service';
import { DiscoveryClient } from '../../lib/grpc/clients/discovery-client';
import { FailedPreconditionError, InvalidArgumentError, NotFoundError, UnavailableError } from '../../lib/core/errors';
import { checkHealth } from '../../lib/grpc/health-client';
import { findFreePort } from '../../lib/postgres/free-port';
import type { MetadataStore } from '../../lib/store/metadata-store';
import { startSandbox, type SandboxFixture } from '../helpers/sandbox-fixture';
import { dropTestSchemas, openTestStore, uniqueSchemaName } from '../helpers/test-store';

// The shared store server (trust auth); this file works in a schema of its own, dropped at the end.
const schema = uniqueSchemaName('discovery_test');

describe('Discovery service over gRPC, with a real collector against a sandbox', () => {
  let sandbox: SandboxFixture;
  let collector: Awaited<ReturnType<typeof startCollector>>;
  let discovery: Awaited<ReturnType<typeof startDiscovery>>;
  let store: MetadataStore;
  let client: DiscoveryClient;

  beforeAll(async () => {
    sandbox = await startSandbox({ scale: 1 });
    collector = await startCollector({ target: sandbox.target, control: RELOAD_ONLY, port: 0 });
    store = await openTestStore(schema);
    discovery = await startDiscovery({ store, port: 0 });
    client = new DiscoveryClient(discovery.address);
  });

  afterAll(async () => {
    client?.close();
    await discovery?.stop();
    await collector?.stop();
    await store?.close();
    await dropTestSchemas(schema);
    await sandbox?.stop();
  });

  it('answers the standard health check as SERVING', async () => {
    expect(await checkHealth(discovery.address, 'autotune.v1.Discovery')).toBe('SERVING');
  });

  it('registers an instance with what its collector reports, alive, and stores the target without password', async () => {
    const before = Date.now();
    const instance = await client.registerInstance('sandbox-1', collector.address);
    expect(instance).toMatchObject({ name: 'sandbox-1', collectorAddress: collector.address, status: 'alive' });
    expect(instance.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(instance.serverVersion).toMatch(/^\d+/);
    expect(instance.hostMemoryBytes).toBeGreaterThan(0);
    expect(instance.hostCpus).toBeGreaterThan(0);
    expect(instance.lastHeartbeatMs).toBeGreaterThanOrEqual(before - 5_000);
    const stored = await store.instances.get('sandbox-1');
    expect(stored.target).toBe(sandbox.target.describe());
    expect(stored.target).not.toMatch(/:[^@/]*@/);
  });

  it('finds the instance by name and by id, and lists it', async () => {
    const byName = await client.getInstance('sandbox-1');
    const byId = await client.getInstance(byName.id);
    expect(byId).toEqual(byName);
    const listed = await client.listInstances();
    expect(listed.map((i) => i.name)).toContain('sandbox-1');
    await expect(client.getInstance('no-such-instance')).rejects.toThrow(NotFoundError);
  });

  it('moves the last heartbeat forward on Heartbeat', async () => {
    const before = await client.getInstance('sandbox-1');
    await new Promise((r) => setTimeout(r, 20));
    const at = await client.heartbeat(before.id);
    expect(at).toBeGreaterThan(before.lastHeartbeatMs);
    expect((await client.getInstance('sandbox-1')).lastHeartbeatMs).toBe(at);
    await expect(client.heartbeat('no-such-instance')).rejects.toThrow(NotFoundError);
  });

  it('re-registers idempotently: same id, the new address', async () => {
    const first = await client.getInstance('sandbox-1');
    const moved = `localhost:${collector.port}`;
    const again = await client.registerInstance('sandbox-1', moved);
    expect(again.id).toBe(first.id);
    expect(again.collectorAddress).toBe(moved);
    expect(again.registeredAtMs).toBe(first.registeredAtMs);
    expect((await client.listInstances()).filter((i) => i.name === 'sandbox-1')).toHaveLength(1);
  });

  it('refuses a bad name or address with INVALID_ARGUMENT naming the field', async () => {
    const badName = await client.registerInstance('Bad Name', collector.address).catch((e: unknown) => e);
    expect(badName).toBeInstanceOf(InvalidArgumentError);
    expect((badName as InvalidArgumentError).field).toBe('name');
    const badAddress = await client.registerInstance('ok-name', 'no-port').catch((e: unknown) => e);
    expect(badAddress).toBeInstanceOf(InvalidArgumentError);
    expect((badAddress as InvalidArgumentError).field).toBe('collector_address');
  });

  it('refuses a collector that does not answer with UNAVAILABLE naming its address, and stores nothing', async () => {
    const nobody = `127.0.0.1:${await findFreePort()}`;
    const err = await client.registerInstance('ghost', nobody).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnavailableError);
    expect((err as Error).message).toContain(`collector at ${nobody}`);
    await expect(client.getInstance('ghost')).rejects.toThrow(NotFoundError);
  });

  it('registers by target: stored without collector and not alive until serve all announces the collector it started', async () => {
    const dsn = sandbox.target.describe();
    const asked = await client.registerInstance('by-target', '', { target: dsn, dataDir: sandbox.dataDir, labels: { team: 'a' } });
    expect(asked).toMatchObject({ name: 'by-target', collectorAddress: '', status: 'unavailable', target: dsn, dataDir: sandbox.dataDir, lastHeartbeatMs: 0 });
    expect(asked.serverVersion).toBe('');
    // serve all announcing its collector: alive, the target and the person's labels kept.
    const announced = await client.registerInstance('by-target', collector.address, { target: dsn, dataDir: sandbox.dataDir });
    expect(announced).toMatchObject({ id: asked.id, collectorAddress: collector.address, status: 'alive', target: dsn, labels: { team: 'a' } });
    expect(announced.serverVersion).toMatch(/^\d+/);
    // The file registered again (new labels): the running collector stays.
    const again = await client.registerInstance('by-target', '', { target: dsn, dataDir: sandbox.dataDir, labels: { team: 'b' } });
    expect(again).toMatchObject({ collectorAddress: collector.address, status: 'alive', labels: { team: 'b' } });
    // Another server under the same name: the old collector no longer serves it.
    const moved = await client.registerInstance('by-target', '', { target: 'postgres://postgres@127.0.0.1:1/other' });
    expect(moved).toMatchObject({ collectorAddress: '', status: 'unavailable', target: 'postgres://postgres@127.0.0.1:1/other', dataDir: '' });
    // Registered by its own collector: no longer serve all's to run.
    const own = await client.registerInstance('by-target', collector.address);
    expect(own).toMatchObject({ collectorAddress: collector.address, status: 'alive', target: '', dataDir: '' });
    await client.deregisterInstance('by-target');
  });

  it('refuses a target with a password, a relative data_dir, a data_dir without target, and neither collector nor target, naming the field', async () => {
    const field = async (...args: Parameters<DiscoveryClient['registerInstance']>) => {
      const err = await client.registerInstance(...args).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidArgumentError);
      return { field: (err as InvalidArgumentError).field, message: (err as Error).message };
    };
    const withPassword = await field('t-1', '', { target: 'postgres://postgres:s3cret-pw@127.0.0.1:5432/app' });
    expect(withPassword.field).toBe('target');
    expect(withPassword.message).toMatch(/password.*passfile/);
    expect(withPassword.message).not.toContain('s3cret-pw');
    expect((await field('t-1', '', { target: 'host=127.0.0.1 password=s3cret-pw dbname=app' })).field).toBe('target');
    expect((await field('t-1', '', { target: sandbox.target.describe(), dataDir: 'relative/dir' })).field).toBe('data_dir');
    expect((await field('t-1', collector.address, { dataDir: sandbox.dataDir })).field).toBe('data_dir');
    expect((await field('t-1', '')).field).toBe('collector_address');
    await expect(client.getInstance('t-1')).rejects.toThrow(NotFoundError);
  });

  it('refuses to deregister an instance with a running session, and removes it once the session is over', async () => {
    const instance = await client.getInstance('sandbox-1');
    const session = await store.sessions.create(instance.id, { iterations: 1 });
    expect((await store.sessions.claimNext('worker-test', { sessionId: session.id }))?.status).toBe('running');
    const refused = await client.deregisterInstance('sandbox-1').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(FailedPreconditionError);
    expect((refused as Error).message).toContain(session.id);
    await store.sessions.setStatus(session.id, 'finished');
    await client.deregisterInstance(instance.id);
    await expect(client.getInstance('sandbox-1')).rejects.toThrow(NotFoundError);
    await expect(client.deregisterInstance('sandbox-1')).rejects.toThrow(NotFoundError);
  });

  it("refuses to deregister or move the target of an instance a session or a change holds, naming it; serve all's announcement of the same target goes through", async () => {
    const dsn = sandbox.target.describe();
    const held = await client.registerInstance('held', '', { target: dsn, dataDir: sandbox.dataDir });
    const precondition = async (call: Promise<unknown>) => {
      const err = await call.catch((e: unknown) => e);
      expect(err).toBeInstanceOf(FailedPreconditionError);
      return (err as Error).message;
    };

    // A configuration change in progress (an approval): no deregister, no other target, no collector of its own.
    const token = await store.changes.begin(held.id, 'approval of session x by alice');
    expect(await precondition(client.deregisterInstance('held'))).toMatch(/instance "held" has a configuration change in progress \(approval of session x by alice/);
    expect(await precondition(client.registerInstance('held', '', { target: sandbox.target.withDatabase('postgres').describe() }))).toMatch(/configuration change in progress/);
    expect(await precondition(client.registerInstance('held', '', { target: dsn }))).toMatch(/configuration change in progress/);
    expect(await precondition(client.registerInstance('held', collector.address))).toMatch(/configuration change in progress/);
    // serve all announcing the collector it runs for the same target changes nothing it runs.
    expect(await client.registerInstance('held', collector.address, { target: dsn, dataDir: sandbox.dataDir })).toMatchObject({ status: 'alive' });
    await store.changes.end(held.id, token);

    // An active session: the same refusals, naming the session.
    const session = await store.sessions.create(held.id, { iterations: 1 });
    expect(await precondition(client.deregisterInstance('held'))).toMatch(new RegExp(`active session ${session.id} \\(pending\\); stop it before you deregister it`));
    expect(await precondition(client.registerInstance('held', '', { target: sandbox.target.withDatabase('postgres').describe() }))).toContain(session.id);
    await store.sessions.setStatus(session.id, 'cancelled');

    expect((await client.registerInstance('held', '', { target: sandbox.target.withDatabase('postgres').describe() })).target).toMatch(/\/postgres$/);
    await client.deregisterInstance('held');
    await expect(client.getInstance('held')).rejects.toThrow(NotFoundError);
  });

  it('announces one collector per target: of two announced at once one wins, another is refused while it answers, taken once it is gone', async () => {
    const dsn = sandbox.target.describe();
    // Two `serve all` on one store, each with the collector it started for the same target.
    // Each with its own state folder, as on two hosts: on one folder the second would refuse to start (state-record-lock.ts).
    const a = await startCollector({ target: sandbox.target, control: RELOAD_ONLY, stateDir: path.join(sandbox.baseDir, 'state-a'), port: 0 });
    const b = await startCollector({ target: sandbox.target, control: RELOAD_ONLY, stateDir: path.join(sandbox.baseDir, 'state-b'), port: 0 }).catch(async (err: unknown) => {
      await a.stop();
      throw err;
    });
    try {
      await client.registerInstance('contested', '', { target: dsn, dataDir: sandbox.dataDir });
      const announce = (address: string) => client.registerInstance('contested', address, { target: dsn, dataDir: sandbox.dataDir });
      const both = await Promise.allSettled([announce(a.address), announce(b.address)]);
      expect(both.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      const winner = (await client.getInstance('contested')).collectorAddress;
      const [won, lost] = winner === a.address ? [a, b] : [b, a];
      const refused = (both.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason as Error;
      expect(refused).toBeInstanceOf(FailedPreconditionError);
      expect(refused.message).toMatch(new RegExp(`^instance "contested" (is served by|was announced with) the collector at ${won.address}`));

      // Later, while the winner answers: refused naming it; the winner announcing itself again goes through.
      await expect(announce(lost.address)).rejects.toThrow(new RegExp(`is served by the collector at ${won.address}, which beats and serves its target`));
      expect(await announce(won.address)).toMatchObject({ collectorAddress: won.address, status: 'alive' });
      // An announcement over an address that is no longer stored (another won meanwhile) is refused under the row lock.
      const registered = { target: dsn, dataDir: sandbox.dataDir };
      await expect(store.instances.upsert({ name: 'contested', collectorAddress: lost.address, registered, announcedOver: '' })).rejects.toThrow(
        new RegExp(`was announced with the collector at ${won.address} meanwhile`),
      );

      // The winner gone (its serve all stopped or died): the next announcement takes the instance.
      await won.stop();
      expect(await announce(lost.address)).toMatchObject({ collectorAddress: lost.address, status: 'alive' });
      await client.deregisterInstance('contested');
    } finally {
      await Promise.all([a, b].map((c) => c.stop()));
    }
  });

  it('displaces a collector that no longer holds the target (another target at its address, a stale heartbeat), not a live one that answers slowly', async () => {
    const registered = { target: sandbox.target.describe(), dataDir: sandbox.dataDir };
    const announce = (name: string, address: string) => client.registerInstance(name, address, registered);

    // The collector announced for it crashed, and its port went to the collector of another target: announced over at once.
    // Its own state dir: the same server's record is held by `collector` (one live collector per record).
    const other = await startCollector({ target: sandbox.target.withDatabase('postgres'), control: RELOAD_ONLY, stateDir: path.join(sandbox.baseDir, 'state-other'), port: 0 });
    try {
      await announce('reused', other.address);
      expect(await announce('reused', collector.address)).toMatchObject({ collectorAddress: collector.address, status: 'alive' });
    } finally {
      await other.stop();
    }

    // A collector that takes the connection and answers too late (a stopped process, a blocked event loop), beating: it is still there.
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const stuck = `127.0.0.1:${(silent.address() as AddressInfo).port}`;
    try {
      await store.instances.upsert({ name: 'slow', collectorAddress: stuck, registered });
      await expect(announce('slow', collector.address)).rejects.toThrow(new RegExp(`^instance "slow" is served by the collector at ${stuck}, which beats and serves its target`));
      expect((await client.getInstance('slow')).collectorAddress).toBe(stuck);
      // Its heartbeat stale (a Discovery that takes 1 ms for unavailable): it holds nothing, whatever it answers.
      await new Promise((r) => setTimeout(r, 5));
      const impatient = new DiscoveryService({ store, unavailableAfterMs: 1 });
      expect(await impatient.register({ name: 'slow', collectorAddress: collector.address, ...registered })).toMatchObject({ collectorAddress: collector.address });
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((r) => silent.close(r));
    }
    await Promise.all(['reused', 'slow'].map((name) => client.deregisterInstance(name)));
  });

  it("keeps serve all's word on why a target has no collector, one line, until a collector is announced or beats, or the target changes", async () => {
    const dsn = sandbox.target.describe();
    await client.registerInstance('troubled', '', { target: dsn });
    const said = await client.registerInstance('troubled', '', { target: dsn, collectorProblem: 'password authentication failed for user "postgres"\n\u001b[31mred' });
    expect(said).toMatchObject({ status: 'unavailable', collectorProblem: 'password authentication failed for user "postgres" [31mred' });
    // A person registering the same target again does not wipe it; a long one is cut.
    expect((await client.registerInstance('troubled', '', { target: dsn })).collectorProblem).toMatch(/^password authentication failed/);
    expect((await client.registerInstance('troubled', '', { target: dsn, collectorProblem: 'x'.repeat(5_000) })).collectorProblem).toHaveLength(300);
    // serve all announcing a collector that serves: no problem any more.
    expect((await client.registerInstance('troubled', collector.address, { target: dsn })).collectorProblem).toBe('');
    // A collector beating for it (another `serve all`'s, which held the target when this one's announcement was refused): no problem either.
    expect((await client.registerInstance('troubled', '', { target: dsn, collectorProblem: 'the collector at x holds it' })).collectorProblem).toBe('the collector at x holds it');
    await client.heartbeat('troubled');
    expect((await client.getInstance('troubled')).collectorProblem).toBe('');
    await client.registerInstance('troubled', '', { target: dsn, collectorProblem: 'connection refused' });
    expect((await client.registerInstance('troubled', '', { target: sandbox.target.withDatabase('postgres').describe() })).collectorProblem).toBe('');

    // A report about a target since moved, or an instance since deregistered, registers nothing back.
    const stale = await client.registerInstance('troubled', '', { target: dsn, collectorProblem: 'late news' }).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(FailedPreconditionError);
    expect((await client.getInstance('troubled')).target).toMatch(/\/postgres$/);
    await expect(client.registerInstance('never-registered', '', { target: dsn, collectorProblem: 'late news' })).rejects.toThrow(NotFoundError);
    await expect(client.getInstance('never-registered')).rejects.toThrow(NotFoundError);

    const misplaced = await client.registerInstance('troubled', collector.address, { collectorProblem: 'x' }).catch((e: unknown) => e);
    expect(misplaced).toBeInstanceOf(InvalidArgumentError);
    expect((misplaced as InvalidArgumentError).field).toBe('collector_problem');
    await client.deregisterInstance('troubled');
  });

  it('a collector whose port is taken releases its state record: the next one in the same process starts', async () => {
    const stateDir = path.join(sandbox.baseDir, 'state-port-taken');
    const port = Number(collector.address.split(':').at(-1));
    await expect(startCollector({ target: sandbox.target, control: RELOAD_ONLY, stateDir, port })).rejects.toThrow();
    const next = await startCollector({ target: sandbox.target, control: RELOAD_ONLY, stateDir, port: 0 });
    await next.stop();
  });
});
