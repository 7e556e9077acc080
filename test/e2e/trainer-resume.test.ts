import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../lib/grpc/grpc-server';
import { PgTarget } from '../../lib/postgres/pg-target';
import { ensureDatabase } from '../../lib/store/ensure-database';
import { openStore, type MetadataStore } from '../../lib/store/metadata-store';
import type { VerificationRecord } from '../../lib/store/verification-record';
import { KNOB_CATALOG } from '../../knobs/knob-catalog';
import { runCli } from '../helpers/run-cli';
import { startSandbox, type SandboxFixture } from '../helpers/sandbox-fixture';
import { startSandboxServices } from '../helpers/sandbox-services';
import { until } from '../helpers/service-process';

/** pg_settings.setting of every catalog knob (the form KnobSetting values take), by name. */
async function catalogSettings(target: PgTarget): Promise<Record<string, string>> {
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

describe('a trainer killed mid-session: another trainer resumes and finishes it', () => {
  let sandbox: SandboxFixture;
  let store: MetadataStore;
  const servers: RunningServer[] = [];
  const storeDb = `pgat_resume_${randomUUID().slice(0, 8)}`;
  const storeDsn = `postgres://postgres@127.0.0.1:5432/${storeDb}`;

  beforeAll(async () => {
    sandbox = await startSandbox({ scale: 1 });
    await ensureDatabase(PgTarget.fromDsn(storeDsn));
    store = await openStore({ target: PgTarget.fromDsn(storeDsn) });
  });

  afterAll(async () => {
    for (const server of servers) await server.stop();
    await store?.close();
    const client = new Client(PgTarget.fromDsn('postgres://postgres@127.0.0.1:5432/postgres').clientConfig());
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${storeDb} WITH (FORCE)`);
    await client.end();
    await sandbox?.stop();
  });

  it('resumes from the checkpoint and stored iterations, with the server back on its original config', async () => {
    const original = await catalogSettings(sandbox.target);
    const { collector, environment } = await startSandboxServices(sandbox, servers);
    const instance = await store.instances.upsert({ name: 'resume-test', collectorAddress: collector.address, target: sandbox.target });
    const session = await store.sessions.create(instance.id, {
      iterations: 6,
      verifyRepeats: 1,
      checkpointEvery: 2,
      benchmark: { scripts: [{ builtin: 'select-only' }], clients: 2, durationS: 1, warmupS: 0 },
    });
    const trainerArgs = ['serve', 'trainer', '--store', storeDsn, '--environment', environment.address, '--stale-after', '2'];

    const first = runCli(trainerArgs);
    await until('three stored steps', async () => (await store.iterations.list(session.id, 'step')).length >= 3, 120_000, undefined, 300);
    first.child.kill('SIGKILL');
    await first.done;
    const atKill = await store.sessions.get(session.id);
    expect(atKill.status).toBe('running');
    expect(atKill.claimedBy).not.toBeNull();
    const stepsAtKill = (await store.iterations.list(session.id, 'step')).length;

    const second = runCli(trainerArgs);
    try {
      await until('the session to finish', async () => (await store.sessions.get(session.id)).status === 'finished', 180_000, undefined, 300);
    } catch (err) {
      throw new Error(`${(err as Error).message}; session: ${JSON.stringify(await store.sessions.get(session.id))}; first trainer: ${first.stderrSoFar().slice(-3000)}; second trainer: ${second.stderrSoFar().slice(-3000)}`);
    } finally {
      second.child.kill('SIGTERM');
      await second.done;
    }
    const rows = await store.iterations.list(session.id);
    const steps = rows.filter((r) => r.kind === 'step');
    expect(steps.map((s) => s.n)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(stepsAtKill).toBeGreaterThanOrEqual(3);
    // Resuming re-measures the baseline as the reward's reference.
    expect(rows.filter((r) => r.kind === 'baseline').length).toBe(2);
    expect((await store.checkpoints.latest(session.id))!.step).toBe(6);
    // One verification round is never significant: the recommendation is to keep the
    // configuration found, which the report states knob by knob as the server had it.
    const recommendation = await store.recommendations.get(session.id);
    const report = recommendation.report as unknown as VerificationRecord;
    const tuned = report.baselineKnobs.map((k) => k.name);
    expect(tuned.length).toBeGreaterThan(0);
    expect(report.baselineKnobs).toEqual(tuned.map((name) => ({ name, value: original[name] })));
    expect(report).toMatchObject({ repeats: 1, chosen: null, significant: false, appliedBest: false });
    expect(recommendation.knobs).toEqual(report.baselineKnobs);
    // The steps did change the server, and every catalog knob is back where it started.
    const changed = steps.filter((s) => s.knobs.some((k) => k.value !== original[k.name]));
    expect(changed.length).toBeGreaterThan(0);
    for (const step of steps) expect(step.knobs.map((k) => k.name).sort()).toEqual([...tuned].sort());
    expect(await catalogSettings(sandbox.target)).toEqual(original);
  }, 360_000);
});
