import { spawnSync } from 'node:child_process';
import { Client } from 'pg';
import { KNOB_CATALOG } from '../../knobs/knob-catalog';
import type { PgTarget } from '../../lib/postgres/pg-target';
import type { MetadataStore } from '../../lib/store/metadata-store';
import type { SessionRecord, SessionStatus } from '../../lib/store/session-repository';
import type { SessionOptions } from '../../proto/generated/autotune/v1/SessionOptions';
import type { SandboxFixture } from './sandbox-fixture';
import { startServiceProcess, until, type ServiceProcess } from './service-process';

/**
 * A short session for fault cases: five steps and one verification round of 1 s select-only
 * runs, without the noise controls (CHECKPOINT, data reset), which only cost time here.
 */
export const SHORT_SESSION: SessionOptions = {
  iterations: 5,
  verifyRepeats: 1,
  checkpointEvery: 2,
  benchmark: { scripts: [{ builtin: 'select-only' }], clients: 2, durationS: 1, warmupS: 0, checkpoint: 'off', dataReset: 'off' },
};

/** SHORT_SESSION with three steps: enough for a fault in the middle of the tuning and a resume after it. */
export const THREE_STEP_SESSION: SessionOptions = { ...SHORT_SESSION, iterations: 3 };

/** A session's services as real processes: collector, environment and one trainer. */
export interface SessionStack {
  /** The collector serving now (the replacement after replaceCollector). */
  readonly collector: ServiceProcess;
  environment: ServiceProcess;
  trainer: ServiceProcess;
  sessionId: string;
  /**
   * kill -9 of the collector (a no-op when it is gone already), then a new one with the same
   * arguments, state folder and port: the address the instance is registered with.
   */
  replaceCollector(): Promise<ServiceProcess>;
  /** The last lines each process printed (every collector it had), for a failure's message. */
  logs(): string;
  /** SIGTERM to every process, the trainer first. */
  stop(): Promise<void>;
}

export interface SessionStackOptions {
  sandbox: SandboxFixture;
  /** The test's own handle on the store the trainer uses. */
  store: MetadataStore;
  storeDsn: string;
  redisUrl: string;
  stateDir: string;
  /** @defaultValue SHORT_SESSION */
  session?: SessionOptions;
  /** More `serve collector` arguments (--restart-command ...). */
  collectorArgs?: string[];
}

/**
 * Starts the collector (pg_ctl restarts, durable original in `stateDir`) and the environment,
 * registers the sandbox in the store, creates the session, then starts a trainer that claims
 * it (`--stale-after 2`: a session it had to drop is taken over again two seconds later).
 */
export async function startSessionStack(options: SessionStackOptions): Promise<SessionStack> {
  const { sandbox, store } = options;
  const collectorArgs = ['--target', sandbox.dsn, '--data-dir', sandbox.dataDir, '--state-dir', options.stateDir, ...(options.collectorArgs ?? [])];
  const [collector, environment] = await Promise.all([startServiceProcess('collector', collectorArgs), startServiceProcess('environment', [])]);
  const collectors = [collector];
  const address = collector.address;
  const instance = await store.instances.upsert({ name: `fault-${Date.now()}`, collectorAddress: address, target: sandbox.target });
  const session = await store.sessions.create(instance.id, options.session ?? SHORT_SESSION);
  const trainer = await startServiceProcess('trainer', ['--store', options.storeDsn, '--environment', environment.address, '--redis', options.redisUrl, '--stale-after', '2']);
  const current = () => collectors[collectors.length - 1]!;
  return {
    get collector() {
      return current();
    },
    environment,
    trainer,
    sessionId: session.id,
    replaceCollector: async () => {
      await current().kill();
      // Its start-up restores an unfinished change it finds in the state folder, before it serves.
      collectors.push(await startServiceProcess('collector', collectorArgs, { port: Number(address.split(':')[1]), readyTimeoutMs: 120_000 }));
      return current();
    },
    logs: () => [trainer, environment, ...collectors].map((p) => `--- ${p.name}: ${p.log().slice(-2500)}`).join('\n'),
    stop: async () => {
      for (const p of [trainer, environment, ...collectors]) await p.stop();
    },
  };
}

/** Polls the store until the session has this status; a store that does not answer yet counts as not yet. */
export async function untilStatus(store: MetadataStore, stack: SessionStack, status: SessionStatus, timeoutMs: number): Promise<SessionRecord> {
  let last: SessionRecord | undefined;
  await until(
    `session status ${status}`,
    async () => (last = await store.sessions.get(stack.sessionId).catch(() => undefined))?.status === status,
    timeoutMs,
    () => `last status: ${last?.status ?? 'unknown'}. ${stack.logs()}`,
  );
  return last!;
}

/** The step numbers stored, in order: 1..N once, with none lost or written twice, is what every case expects. */
export async function storedStepNumbers(store: MetadataStore, sessionId: string): Promise<number[]> {
  return (await store.iterations.list(sessionId, 'step')).map((r) => r.n);
}

/** pg_settings.setting of every catalog knob, by name: what "the original configuration" means here. */
export async function catalogSettings(target: PgTarget): Promise<Record<string, string>> {
  const client = new Client(target.clientConfig());
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string; setting: string }>('SELECT name, setting FROM pg_settings WHERE name = ANY($1) ORDER BY name', [
      KNOB_CATALOG.map((k) => k.name),
    ]);
    return Object.fromEntries(rows.map((r) => [r.name, r.setting]));
  } finally {
    await client.end();
  }
}

/** Whether the collector has a pgbench child right now: the trainer is inside a run, not talking to Redis or the store. */
export function pgbenchRunning(collector: ServiceProcess): boolean {
  // ps exits 1 when there is no such child: stdout is then empty, which is the answer.
  const { stdout } = spawnSync('ps', ['-o', 'comm=', '--ppid', String(collector.child.pid)], { encoding: 'utf8' });
  return stdout.split('\n').some((name) => name.trim() === 'pgbench');
}

/** Whether `pg_ctl restart` runs on this data directory right now (the collector is inside a restart step). */
export function pgCtlRestartRunning(dataDir: string): boolean {
  const { stdout } = spawnSync('ps', ['-eo', 'args='], { encoding: 'utf8' });
  return stdout.split('\n').some((line) => line.includes('pg_ctl') && line.includes(' restart ') && line.includes(dataDir));
}
