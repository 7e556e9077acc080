import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgTarget } from '../../lib/postgres/pg-target';
import { ensureDatabase } from '../../lib/store/ensure-database';
import type { IterationRecord } from '../../lib/store/iteration-repository';
import { openStore, type MetadataStore } from '../../lib/store/metadata-store';
import { DEFAULT_REPLAY_KEY_PREFIX, ReplayKeys } from '../../model/replay/replay-keys';
import { alterSystemLog } from '../helpers/alter-system-log';
import { setOriginalConfig } from '../helpers/original-config';
import { startPrivateRedis, type PrivateRedis } from '../helpers/private-redis';
import { runCli } from '../helpers/run-cli';
import { startSandbox, type SandboxFixture } from '../helpers/sandbox-fixture';
import { catalogSettings, SHORT_SESSION } from '../helpers/session-stack';
import { startServiceProcess, until, type ServiceProcess } from '../helpers/service-process';

/**
 * Issue 8, "many instances, concurrently", and the plain-process twin of docker-compose.yml:
 * two servers with different original configurations, each with its own `serve collector
 * --data-dir --register` (as each compose target runs its collector beside its server, so it
 * may restart it); one environment, one discovery, one Recommendation API and three `serve
 * trainer` processes (compose's two, and a third that must stay idle) on one store and one
 * Redis with its append-only file on, all on loopback. Driven with the CLI only: `register`
 * adds each instance's labels and limits, `instances`, `sessions start`, `sessions watch`,
 * `recommend`. A session on each instance must run on its own server only: claimed by its own
 * trainer, its own iteration rows, replay keys and checkpoints, the knobs of one never applied
 * to the other, and each server back on its own original configuration at the end, the one
 * whose session tuned a restart knob (shared_buffers) included.
 */

// work_mem differs, so a session measured on the other server shows in its baseline row;
// log_statement = 'ddl' makes each server log every ALTER SYSTEM it ran.
// multi-b's session tunes shared_buffers too: its collector restarts the server with pg_ctl.
const INSTANCES = [
  { name: 'multi-a', config: { work_mem: '1MB', log_statement: 'ddl' }, seed: 11, knobs: [] },
  { name: 'multi-b', config: { work_mem: '8MB', log_statement: 'ddl' }, seed: 22, knobs: ['--knobs', 'work_mem,shared_buffers', '--allow-restart'] },
] as const;

const STEPS = SHORT_SESSION.iterations!;
// SHORT_SESSION as `sessions start` flags; different seeds, so the two agents take different actions.
const SESSION_FLAGS = [
  '--iterations', String(STEPS), '--verify', String(SHORT_SESSION.verifyRepeats), '--checkpoint-every', String(SHORT_SESSION.checkpointEvery),
  '--workload', 'select-only', '--clients', '2', '--duration', '1', '--warmup', '0', '--pre-checkpoint', 'off', '--data-reset', 'off',
];

interface Instance {
  name: string;
  seed: number;
  knobs: readonly string[];
  sandbox: SandboxFixture;
  original: Record<string, string>;
  collector: ServiceProcess;
  sessionId: string;
}

/** The complete pino lines of a process, parsed (the last may still be half written). */
function logLines(p: ServiceProcess): Record<string, unknown>[] {
  return p
    .log()
    .split('\n')
    .filter((l) => l.startsWith('{') && l.endsWith('}'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** Two values of one knob as pg_settings and ALTER SYSTEM spell them (a real may be printed with fewer digits). */
function sameValue(a: string, b: string): boolean {
  const [x, y] = [Number(a), Number(b)];
  return a === b || (a !== '' && b !== '' && Number.isFinite(x) && Number.isFinite(y) && Math.abs(x - y) <= 1e-5 * Math.max(1, Math.abs(x)));
}

describe('many instances at once: two sessions on two servers, three trainers, nothing shared', () => {
  const storeDb = `pgat_multi_${randomUUID().slice(0, 8)}`;
  const storeDsn = `postgres://postgres@127.0.0.1:5432/${storeDb}`;
  const dir = mkdtempSync(path.join(tmpdir(), 'pgat-multi-'));
  const processes: ServiceProcess[] = [];
  const instances: Instance[] = [];
  const trainers: ServiceProcess[] = [];
  let sandboxes: SandboxFixture[] = [];
  let redis: PrivateRedis;
  let store: MetadataStore;
  let api: ServiceProcess;
  let discovery: ServiceProcess;

  const serve = async (service: string, args: string[]) => {
    const p = await startServiceProcess(service, args, { readyTimeoutMs: 60_000 });
    processes.push(p);
    return p;
  };
  const logs = () => processes.map((p) => `--- ${p.name} ${p.address}: ${p.log().slice(-2500)}`).join('\n');

  beforeAll(async () => {
    sandboxes = await Promise.all(INSTANCES.map(() => startSandbox({ scale: 1 })));
    redis = await startPrivateRedis({ appendOnly: true });
    await ensureDatabase(PgTarget.fromDsn(storeDsn));
    store = await openStore({ target: PgTarget.fromDsn(storeDsn) });
    discovery = await serve('discovery', ['--store', storeDsn]);
    const environment = await serve('environment', []);
    api = await serve('recommendation', ['--store', storeDsn]);
    for (const [i, { name, config, seed, knobs }] of INSTANCES.entries()) {
      const sandbox = sandboxes[i]!;
      await setOriginalConfig(sandbox, config);
      const original = await catalogSettings(sandbox.target);
      // One state folder for both, as the default is one per host: each records its own server's original there.
      const collector = await serve('collector', [
        '--target', sandbox.dsn, '--data-dir', sandbox.dataDir, '--state-dir', path.join(dir, 'collector-state'), '--register', discovery.address, '--name', name,
      ]);
      instances.push({ name, seed, knobs, sandbox, original, collector, sessionId: '' });
    }
    for (let i = 0; i < 3; i++) {
      trainers.push(await serve('trainer', ['--store', storeDsn, '--environment', environment.address, '--redis', redis.url]));
    }
    // All three poll the store before there is anything to claim: any of them could take either session.
    await until('three trainers waiting for sessions', () => trainers.every((t) => workerOf(t) !== undefined), 90_000, logs);
    await until(
      'both collectors registered',
      async () => (await listed()).filter((i) => i.status === 'alive').length === INSTANCES.length,
      30_000,
      logs,
    );
  });

  /** `pg-autotune instances --json`. */
  async function listed(): Promise<Array<{ name: string; status: string; collectorAddress: string; labels: Record<string, string>; limits: { maxClients: number } }>> {
    const run = await runCli(['instances', '--json', '--discovery', discovery.address]).done;
    expect(run.code, run.stderr).toBe(0);
    return JSON.parse(run.stdout) as Awaited<ReturnType<typeof listed>>;
  }

  it('registers each self-registered collector again from an instance file (labels, limits), listed alive at its own address', async () => {
    for (const instance of instances) {
      const file = path.join(dir, `${instance.name}.yaml`);
      writeFileSync(file, `name: ${instance.name}\ncollector: ${instance.collector.address}\nlimits: {max_clients: 4}\nlabels: {team: ${instance.name}}\n`);
      const run = await runCli(['register', '--config', file, '--discovery', discovery.address]).done;
      expect(run.code, run.stderr).toBe(0);
    }
    const registered = await listed();
    for (const instance of instances) {
      expect(registered.find((r) => r.name === instance.name)).toMatchObject({
        status: 'alive',
        collectorAddress: instance.collector.address,
        labels: { team: instance.name },
        limits: { maxClients: 4 },
      });
    }
  });

  afterAll(async () => {
    // Trainers first: one still in a session restores its server through the collector.
    for (const p of [...trainers, ...processes.filter((p) => !trainers.includes(p)).reverse()]) await p.stop();
    await store?.close();
    const client = new Client(PgTarget.fromDsn('postgres://postgres@127.0.0.1:5432/postgres').clientConfig());
    await client.connect();
    try {
      await client.query(`DROP DATABASE IF EXISTS ${storeDb} WITH (FORCE)`);
    } finally {
      await client.end();
    }
    await redis?.stop();
    for (const sandbox of sandboxes) await sandbox.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('both sessions finish, each on its own server with its own trainer, rows, replay and checkpoints; both servers end as they began', async () => {
    const startedAt = await Promise.all(instances.map((i) => postmasterStart(i.sandbox)));
    await Promise.all(
      instances.map(async (instance) => {
        const run = await runCli(['sessions', 'start', instance.name, ...SESSION_FLAGS, ...instance.knobs, '--seed', String(instance.seed), '--api', api.address]).done;
        expect(run.code, run.stderr).toBe(0);
        instance.sessionId = run.stdout.trim();
      }),
    );
    // `sessions watch` exits 0 once its session finished, and says so last.
    const watched = await Promise.all(instances.map(({ sessionId }) => runCli(['sessions', 'watch', sessionId, '--api', api.address]).done));
    for (const [i, run] of watched.entries()) {
      expect(run.code, `${run.stderr}\n${logs()}`).toBe(0);
      expect(run.stderr.trim().split('\n').at(-1)).toMatch(new RegExp(`^session ${instances[i]!.sessionId} finished; `));
    }
    for (const instance of instances) {
      const sql = await runCli(['recommend', instance.name, '--format', 'sql', '--api', api.address]).done;
      expect(sql.code, sql.stderr).toBe(0);
      expect(sql.stdout).toMatch(new RegExp(`^-- pg-autotune session ${instance.sessionId}: `));
    }
    const [a, b] = instances as [Instance, Instance];
    // multi-b's collector restarted its server for shared_buffers (pg_ctl on its data directory); multi-a's never did.
    expect(await postmasterStart(a.sandbox)).toBe(startedAt[0]);
    expect(await postmasterStart(b.sandbox)).not.toBe(startedAt[1]);
    expect(alterSystemLog(b.sandbox).some((l) => l.name === 'shared_buffers'), 'shared_buffers set on multi-b').toBe(true);
    expect(a.sessionId).not.toBe(b.sessionId);

    // Claims: two different trainers, each claimed exactly its one session; the third claimed none.
    const workers = trainers.map((t) => workerOf(t)!);
    const claimedBy = await Promise.all(instances.map(async (i) => (await store.sessions.get(i.sessionId)).claimedBy));
    expect(new Set(claimedBy).size).toBe(2);
    for (const worker of claimedBy) expect(workers).toContain(worker);
    const claims = trainers.map((t) => logLines(t).filter((l) => l.msg === 'claimed session').map((l) => l.session));
    expect(claims.filter((c) => c.length === 0), 'trainers that claimed nothing').toHaveLength(1);
    for (const [i, instance] of instances.entries()) expect(claims[workers.indexOf(claimedBy[i]!)]).toEqual([instance.sessionId]);

    // Iteration rows: every row of the store belongs to one of the two, each with steps 1..N of its own.
    const rows = new Map<string, IterationRecord[]>();
    for (const { sessionId } of instances) rows.set(sessionId, await store.iterations.list(sessionId));
    const tables = await queryStore<{ session_id: string; rows: number }>(
      'SELECT session_id, count(*)::int AS rows FROM autotune.iterations GROUP BY session_id',
    );
    expect(new Set(tables.map((t) => t.session_id))).toEqual(new Set(instances.map((i) => i.sessionId)));
    for (const instance of instances) {
      const own = rows.get(instance.sessionId)!;
      expect(own.every((r) => r.sessionId === instance.sessionId)).toBe(true);
      expect(tables.find((t) => t.session_id === instance.sessionId)?.rows).toBe(own.length);
      expect(own.filter((r) => r.kind === 'step').map((r) => r.n).sort((x, y) => x - y)).toEqual(Array.from({ length: STEPS }, (_, n) => n + 1));
      // Measured through its own collector: the baseline's knobs are its own server's original.
      const baseline = own.find((r) => r.kind === 'baseline')!;
      expect(baseline.knobs.find((k) => k.name === 'work_mem')?.value).toBe(instance.original.work_mem);
    }
    expect(a.original.work_mem).not.toBe(b.original.work_mem);

    // Replay: one buffer per session in Redis, one transition per step, and no other keys.
    const redisClient = redis.client();
    try {
      const keys = await redisClient.keys(`${DEFAULT_REPLAY_KEY_PREFIX}:*`);
      const expected = instances.flatMap((i) => new ReplayKeys(i.sessionId).all());
      expect(keys.filter((k) => !expected.includes(k)), 'replay keys of no session').toEqual([]);
      for (const { sessionId } of instances) expect(await redisClient.hget(new ReplayKeys(sessionId).meta, 'count')).toBe(String(STEPS));
    } finally {
      redisClient.disconnect();
    }

    // Checkpoints: each session has its own, and no model weights are shared between the two.
    const checkpoints = await queryStore<{ session_id: string; step: number; digest: string }>(
      'SELECT session_id, step, md5(weights) AS digest FROM autotune.checkpoints',
    );
    for (const { sessionId } of instances) {
      const steps = checkpoints.filter((c) => c.session_id === sessionId).map((c) => c.step);
      expect(steps.length, `checkpoints of ${sessionId}`).toBeGreaterThan(0);
      expect(steps.every((s) => s >= 1 && s <= STEPS)).toBe(true);
    }
    expect(new Set(checkpoints.map((c) => c.digest)).size).toBe(checkpoints.length);

    // Knobs: what each server's log shows it was set to is what its own session recorded, and
    // every step value its session recorded was set on that server.
    for (const instance of instances) {
      const own = rows.get(instance.sessionId)!;
      const recorded = (name: string) => own.flatMap((r) => r.knobs.filter((k) => k.name === name).map((k) => k.value));
      const logged = alterSystemLog(instance.sandbox);
      expect(logged.length, `ALTER SYSTEM statements on ${instance.name}`).toBeGreaterThan(0);
      for (const { name, value } of logged) {
        expect(recorded(name).some((v) => sameValue(v, value)), `${name} = ${value} on ${instance.name}, never recorded by its session`).toBe(true);
      }
      for (const step of own.filter((r) => r.kind === 'step' && !r.rolledBack && r.error === null)) {
        for (const { name, value } of step.knobs.filter((k) => !sameValue(k.value, instance.original[k.name] ?? ''))) {
          expect(logged.some((l) => l.name === name && sameValue(l.value, value)), `step ${step.n}: ${name} = ${value} never set on ${instance.name}`).toBe(true);
        }
      }
      expect(await catalogSettings(instance.sandbox.target), `${instance.name} back on its original`).toEqual(instance.original);
    }
  }, 240_000);

  async function queryStore<T extends object>(sql: string): Promise<T[]> {
    const client = new Client(PgTarget.fromDsn(storeDsn).clientConfig());
    await client.connect();
    try {
      return (await client.query<T>(sql)).rows;
    } finally {
      await client.end();
    }
  }
});

/** When the sandbox's postmaster started: it changes with every restart. */
async function postmasterStart(sandbox: SandboxFixture): Promise<string> {
  const client = new Client(sandbox.target.clientConfig());
  await client.connect();
  try {
    return (await client.query<{ at: string }>('SELECT pg_postmaster_start_time()::text AS at')).rows[0]!.at;
  } finally {
    await client.end();
  }
}

/** The worker id a `serve trainer` process announced, once it waits for sessions. */
function workerOf(trainer: ServiceProcess): string | undefined {
  return logLines(trainer).find((l) => l.msg === 'trainer waiting for sessions')?.worker as string | undefined;
}
