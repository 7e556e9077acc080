import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orphanLogFile } from '../../cli/stop-with-parent';
import { CollectorClient } from '../../lib/grpc/clients/collector-client';
import { DiscoveryClient } from '../../lib/grpc/clients/discovery-client';
import { SERVICE_NAMES } from '../../lib/grpc/autotune-proto';
import { checkHealth } from '../../lib/grpc/health-client';
import { PgTarget } from '../../lib/postgres/pg-target';
import { killHard } from '../helpers/collector-process';
import { startSandbox, type SandboxFixture } from '../helpers/sandbox-fixture';
import { serverSetting } from '../helpers/server-setting';
import { until } from '../helpers/service-process';

const MAIN = path.join(__dirname, '..', '..', 'dist', 'cli', 'main.js');
// A reload knob and a restart knob: putting them back takes a restart, the longest shutdown there is.
const CHANGE = [
  { name: 'work_mem', value: '16MB' },
  { name: 'shared_buffers', value: '256MB' },
];
/** How soon an orphaned collector must be gone: it notices at once; restoring with a restart takes seconds. */
const GONE_WITHIN_MS = 30_000;

interface ServeAllProcess {
  child: ChildProcess;
  discovery: DiscoveryClient;
  log(): string;
}

/**
 * `serve all` killed with kill -9 (no SIGTERM handler runs): the collector child it started
 * for a registered target must notice its parent is gone and stop as on SIGTERM, putting
 * back a change in flight, instead of running on orphaned (holding its target, answering at
 * its address) beside the collector a restarted `serve all` starts for the same target.
 */
describe('fault: serve all killed with kill -9 takes its target collectors with it', () => {
  let sandbox: SandboxFixture;
  const dir = mkdtempSync(path.join(tmpdir(), 'pgat-serveall-kill-'));
  const storeDb = `pgat_serveall_kill_${randomUUID().slice(0, 8)}`;
  const started: ChildProcess[] = [];
  const collectorPids: number[] = [];
  let original: Record<string, string>;
  /** The last case's collector: its announcement reads alive until its beats are unavailable_after old. */
  let lastAddress = '';

  const settings = async () => Object.fromEntries(await Promise.all(CHANGE.map(async (k) => [k.name, await serverSetting(sandbox.target, k.name)] as const)));

  const startServeAll = async (): Promise<ServeAllProcess> => {
    const ports = ['discovery', 'recommendation', 'environment'].flatMap((s) => [`--${s}-port`, '0']);
    const args = [MAIN, 'serve', 'all', '--store', `postgres://postgres@127.0.0.1:5432/${storeDb}`, '--state-dir', path.join(dir, 'state'), '--heartbeat-interval', '1', ...ports];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    started.push(child);
    let output = '';
    child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    await until('serve all to say it serves', () => output.includes('"msg":"all services serving"'), 60_000, () => output.slice(-3000));
    const line = output.split('\n').find((l) => l.includes('"all services serving"'))!;
    return { child, discovery: new DiscoveryClient((JSON.parse(line) as { discovery: string }).discovery), log: () => output };
  };

  /** The collector serve all announced for `orders` (other than `previous`), and its process: serve all's one child. */
  const announcedCollector = async (serveAll: ServeAllProcess, previous = '') => {
    let address = '';
    await until(
      'serve all to announce a collector for orders',
      async () => {
        const instance = (await serveAll.discovery.listInstances()).find((i) => i.name === 'orders');
        address = instance?.status === 'alive' && instance.collectorAddress !== previous ? instance.collectorAddress : '';
        return address !== '';
      },
      90_000,
      () => serveAll.log().slice(-3000),
    );
    const children = childrenOf(serveAll.child);
    expect(children).toHaveLength(1);
    collectorPids.push(children[0]!);
    return { address, pid: children[0]! };
  };

  beforeAll(async () => {
    sandbox = await startSandbox({ scale: 1 });
    original = await settings();
    expect(original).not.toEqual({ work_mem: '16384', shared_buffers: '32768' });
  }, 120_000);

  afterAll(async () => {
    for (const pid of collectorPids) if (running(pid)) process.kill(pid, 'SIGKILL');
    for (const child of started) await killHard(child);
    const client = new Client(PgTarget.fromDsn('postgres://postgres@127.0.0.1:5432/postgres').clientConfig());
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${storeDb} WITH (FORCE)`);
    await client.end();
    await sandbox?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it('with a change in flight: the collector puts the original back and exits', async () => {
    const serveAll = await startServeAll();
    await serveAll.discovery.registerInstance('orders', '', { target: sandbox.dsn, dataDir: sandbox.dataDir });
    const collector = await announcedCollector(serveAll);
    lastAddress = collector.address;
    const client = new CollectorClient(collector.address);
    try {
      expect(await client.applyKnobs({ knobs: CHANGE })).toMatchObject({ applied: true, restarted: true });
    } finally {
      client.close();
    }
    expect(await settings()).toEqual({ work_mem: '16384', shared_buffers: '32768' });

    serveAll.discovery.close();
    await killHard(serveAll.child);
    const killedAt = performance.now();
    await until('the orphaned collector to exit', () => !running(collector.pid), GONE_WITHIN_MS, () => `collector ${collector.pid} still runs`);
    expect(performance.now() - killedAt).toBeLessThan(GONE_WITHIN_MS);
    expect(await settings()).toEqual(original);
    expect(await sandbox.pgCtl.status()).toBe('running');
    // Its stderr was a pipe to the dead parent: the restore is on record in its state directory.
    const orphanLog = readFileSync(orphanLogFile(path.join(dir, 'state'), collector.pid), 'utf8');
    expect(orphanLog).toContain('"msg":"shutting down: the original configuration is restored"');
  }, 180_000);

  it('with no change in flight: the collector exits, and the next serve all runs the only collector of the target', async () => {
    const serveAll = await startServeAll();
    const collector = await announcedCollector(serveAll, lastAddress);
    lastAddress = collector.address;
    // The collector the first case's serve all started is gone, not answering beside this one.
    expect(collectorPids.slice(0, -1).filter(running)).toEqual([]);

    serveAll.discovery.close();
    await killHard(serveAll.child);
    await until('the orphaned collector to exit', () => !running(collector.pid), 10_000, () => `collector ${collector.pid} still runs`);
    expect(await checkHealth(collector.address, SERVICE_NAMES.collector, 1_000).catch(() => 'DOWN')).toBe('DOWN');
    expect(await settings()).toEqual(original);
  }, 180_000);

  it('two serve all on one store run one collector between them; when the one running it is killed, the other takes the target over', async () => {
    const both = await Promise.all([startServeAll(), startServeAll()]);
    // Read through a Discovery that still runs: the other one's once the owner is killed.
    let reader = both[0]!;
    // Registered already by the first case (the same target again keeps the stale announcement); here too when run alone.
    await reader.discovery.registerInstance('orders', '', { target: sandbox.dsn, dataDir: sandbox.dataDir });
    const listed = async () => (await reader.discovery.listInstances()).find((i) => i.name === 'orders');
    const collectors = () => both.flatMap((s) => childrenOf(s.child).map((pid) => ({ serveAll: s, pid })));
    let address = '';
    await until(
      'one collector announced for orders',
      async () => {
        const instance = await listed();
        address = instance?.status === 'alive' && instance.collectorAddress !== lastAddress ? instance.collectorAddress : '';
        return address !== '' && collectors().length === 1;
      },
      90_000,
      () => both.map((s) => s.log().slice(-1500)).join('\n---\n'),
    );
    // Settled, not a moment between two announcements: a rival announced later would replace it and have it stopped.
    await new Promise((r) => setTimeout(r, 5_000));
    const [owner] = collectors();
    expect(collectors()).toHaveLength(1);
    const settled = await listed();
    expect(settled).toMatchObject({ collectorAddress: address, status: 'alive' });
    // On one state dir the later child refuses at the state record's lock (state-record-lock.ts) and its serve all
    // reports that line; reported after the announcement, Discovery keeps it beside the live collector.
    expect(['', `another collector (pid ${owner!.pid}) is running`]).toContainEqual(settled!.collectorProblem.replace(/^pg-autotune: failed precondition: | for this server.*$/g, ''));
    collectorPids.push(owner!.pid);

    const other = both.find((s) => s !== owner!.serveAll)!;
    reader = other;
    // Announced once: when both started one (usually, starting together), Discovery refused the second announcement.
    const announcements = both.flatMap((s) => s.log().split('\n').filter((l) => l.includes('"msg":"collector started for a registered target"')));
    expect(announcements).toHaveLength(1);
    owner!.serveAll.discovery.close();
    await killHard(owner!.serveAll.child);
    const killedAt = performance.now();
    let takenOver = '';
    await until(
      'the other serve all to take orders over',
      async () => {
        const instance = await listed();
        takenOver = instance?.status === 'alive' && instance.collectorAddress !== address ? instance.collectorAddress : '';
        return takenOver !== '' && childrenOf(other.child).length === 1;
      },
      60_000,
      () => other.log().slice(-3000),
    );
    expect(performance.now() - killedAt).toBeLessThan(60_000);
    expect(running(owner!.pid)).toBe(false);
    expect(await checkHealth(takenOver, SERVICE_NAMES.collector, 2_000)).toBe('SERVING');
    collectorPids.push(...childrenOf(other.child));
    other.discovery.close();
    await killHard(other.child);
    expect(await settings()).toEqual(original);
  }, 240_000);

  it('a collector slow to stop holds up no heartbeat of the other instances of its serve all', async () => {
    // A server of its own: a second collector for the orders server would be refused at that server's state record (state-record-lock.ts).
    const beaterServer = await startSandbox({ scale: 1 });
    try {
      await slowStopHoldsNoHeartbeat(beaterServer.dsn);
    } finally {
      await beaterServer.stop();
    }
  }, 180_000);

  const slowStopHoldsNoHeartbeat = async (beaterTarget: string) => {
    const serveAll = await startServeAll();
    await serveAll.discovery.registerInstance('orders', '', { target: sandbox.dsn, dataDir: sandbox.dataDir });
    await serveAll.discovery.registerInstance('beater', '', { target: beaterTarget });
    const listed = async (name: string) => (await serveAll.discovery.listInstances()).find((i) => i.name === name);
    await until(
      'both collectors announced',
      async () => {
        const [orders, beater] = [await listed('orders'), await listed('beater')];
        return orders?.status === 'alive' && orders.collectorAddress !== lastAddress && beater?.status === 'alive' && childrenOf(serveAll.child).length === 2;
      },
      90_000,
      () => serveAll.log().slice(-3000),
    );
    // Only the orders collector has a data directory on its command line.
    const slow = childrenOf(serveAll.child).find((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(sandbox.dataDir))!;
    collectorPids.push(...childrenOf(serveAll.child));
    // Stopped, it takes SIGTERM only once continued: its stop lasts until then (up to stopGraceMs).
    process.kill(slow, 'SIGSTOP');
    try {
      await serveAll.discovery.deregisterInstance('orders');
      const stopping = () => serveAll.log().split('\n').some((l) => l.includes('"instance":"orders"') && l.includes('"why":"deregistered"') && l.includes('stopping the collector'));
      await until('serve all to stop the orders collector', stopping, 10_000, () => serveAll.log().slice(-3000));
      const before = (await listed('beater'))!.lastHeartbeatMs;
      await until('beater to beat while orders stops', async () => (await listed('beater'))!.lastHeartbeatMs > before, 8_000, () => serveAll.log().slice(-3000));
      expect(running(slow)).toBe(true);
    } finally {
      process.kill(slow, 'SIGCONT');
    }
    await until('the orders collector to exit once continued', () => !running(slow), 30_000, () => serveAll.log().slice(-3000));
    serveAll.discovery.close();
    await killHard(serveAll.child);
    expect(await settings()).toEqual(original);
  };
});

/** The processes `parent` started that still run (pgrep -P). */
function childrenOf(parent: ChildProcess): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(parent.pid)], { encoding: 'utf8' }).trim().split('\n').map(Number).filter(running);
  } catch {
    // pgrep exits 1 when there is none.
    return [];
  }
}

/** Whether the process runs: a zombie (exited, not yet reaped by whoever adopted it) does not. */
function running(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}
