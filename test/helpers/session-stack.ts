import { spawnSync } from 'node:child_process';
import { Client } from 'pg';
import { KNOB_CATALOG } from '../../knobs/knob-catalog';
import type { PgTarget } from '../../lib/postgres/pg-target';
import type { MetadataStore } from '../../lib/store/metadata-store';
import type { SessionOptions } from '../../proto/generated/autotune/v1/SessionOptions';
import type { SandboxFixture } from './sandbox-fixture';
import { startServiceProcess, type ServiceProcess } from './service-process';

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

/** A session's services as real processes: collector, environment and one trainer. */
export interface SessionStack {
  collector: ServiceProcess;
  environment: ServiceProcess;
  trainer: ServiceProcess;
  sessionId: string;
  /** The last lines each process printed, for a failure's message. */
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
}

/**
 * Starts the collector (pg_ctl restarts, durable original in `stateDir`) and the environment,
 * registers the sandbox in the store, creates the session, then starts a trainer that claims
 * it (`--stale-after 2`: a session it had to drop is taken over again two seconds later).
 */
export async function startSessionStack(options: SessionStackOptions): Promise<SessionStack> {
  const { sandbox, store } = options;
  const collector = await startServiceProcess('collector', ['--target', sandbox.dsn, '--data-dir', sandbox.dataDir, '--state-dir', options.stateDir]);
  const environment = await startServiceProcess('environment', []);
  const instance = await store.instances.upsert({ name: `fault-${Date.now()}`, collectorAddress: collector.address, target: sandbox.target });
  const session = await store.sessions.create(instance.id, options.session ?? SHORT_SESSION);
  const trainer = await startServiceProcess('trainer', ['--store', options.storeDsn, '--environment', environment.address, '--redis', options.redisUrl, '--stale-after', '2']);
  const all = [trainer, environment, collector];
  return {
    collector,
    environment,
    trainer,
    sessionId: session.id,
    logs: () => all.map((p) => `--- ${p.name}: ${p.log().slice(-2500)}`).join('\n'),
    stop: async () => {
      for (const p of all) await p.stop();
    },
  };
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
