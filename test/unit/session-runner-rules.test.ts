import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KnobDimension__Output as KnobDimension } from '../../proto/generated/autotune/v1/KnobDimension';
import type { ServerInfo__Output as ServerInfo } from '../../proto/generated/autotune/v1/ServerInfo';
import { knobsToAction } from '../../knobs/action-mapping';
import { findKnobSpec, safeRange } from '../../knobs/knob-catalog';
import { isChoiceKnob, type NumericRange } from '../../knobs/knob-spec';
import { rulesConfiguration } from '../../knobs/pgtune-rules';
import { createAgent } from '../../model/create-agent';
import { RedisReplayBuffer } from '../../model/replay/redis-replay-buffer';
import { SyntheticEnvironment } from '../../model/synthetic-environment';
import type { TuningAgent } from '../../model/tuning-agent';
import type { IterationRecord } from '../../lib/store/iteration-repository';
import type { MetadataStore } from '../../lib/store/metadata-store';
import type { SessionOptions } from '../../proto/generated/autotune/v1/SessionOptions';
import type { VerificationRecord } from '../../lib/store/verification-record';
import { SessionRunner, type SessionRunnerDeps } from '../../services/trainer/session-runner';
import { SyntheticTarget } from '../../services/trainer/synthetic-target';
import { syntheticEnvironment } from '../../services/trainer/synthetic-tuning-environment';
import type { OpenEnvironment } from '../../services/trainer/tuning-environment';
import { dropTestSchemas, openTestStore, uniqueSchemaName } from '../helpers/test-store';

/**
 * The rules baseline and the rules warm start through SessionRunner, the trainer's real loop:
 * a synthetic surface behind real knob dimensions (the catalog's safe ranges on a 16 GiB,
 * 4-CPU host with 100 connections), a real metadata store (a schema of its own) and a real
 * Redis replay buffer (a key prefix of its own).
 */
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SCHEMA = uniqueSchemaName('runner_rules_test');
const KEY_PREFIX = `test:session-runner-rules-${randomUUID()}`;

const GiB = 1024 ** 3;
const SERVER: ServerInfo = {
  serverVersion: '15.4',
  serverVersionNum: 150_004,
  hostMemoryBytes: 16 * GiB,
  hostCpus: 4,
  canRestart: false,
  maxConnections: 100,
  target: 'postgres://synthetic',
  autovacuumMaxWorkers: 3,
};
const HOST = { memoryBytes: SERVER.hostMemoryBytes, cpus: SERVER.hostCpus, maxConnections: SERVER.maxConnections };
/** Five knobs the rules set and one (checkpoint_timeout) they do not. */
const KNOBS = ['work_mem', 'maintenance_work_mem', 'checkpoint_completion_target', 'effective_cache_size', 'checkpoint_timeout', 'random_page_cost'];

const DIMENSIONS: KnobDimension[] = KNOBS.map((name) => {
  const spec = findKnobSpec(name)!;
  if (isChoiceKnob(spec)) throw new Error(`${name} is not numeric`);
  const { min, max } = safeRange(spec, HOST) as NumericRange;
  return { name, min, max, scale: spec.scale, unit: spec.unit, choices: [], baseline: '', integer: spec.type === 'integer' };
});

/** PGTune for this host with the session defaults (oltp, ssd), clamped: what the rules step must apply. */
const RULES = new Map(rulesConfiguration({ ...HOST, serverVersionNum: SERVER.serverVersionNum, workload: 'oltp', storage: 'ssd' }).settings.map((k) => [k.name, k.value]));

function dyingEnvironment(open: OpenEnvironment, crashStep: number, die: () => Promise<void>): OpenEnvironment {
  return async (request) => {
    const env = await open(request);
    let steps = 0;
    let dead = false;
    return {
      ...env,
      step: async (action) => {
        steps += 1;
        const result = await env.step(action);
        if (steps < crashStep) return result;
        dead = true;
        await die();
        throw new Error('the trainer process was killed');
      },
      close: async (keepCurrent, original) => {
        if (!dead) await env.close(keepCurrent, original);
      },
    };
  };
}

describe('SessionRunner with the PGTune rules', () => {
  const surface = new SyntheticEnvironment({ knobs: KNOBS.length, metrics: 4, noise: 0.01, seed: 11 });
  const target = new SyntheticTarget(surface);
  const stores: MetadataStore[] = [];
  const sessionIds: string[] = [];
  let store: MetadataStore;
  let instanceId: string;

  function deps(workerId: string, storeOfProcess: MetadataStore, agents: TuningAgent[] = []): SessionRunnerDeps {
    return {
      store: storeOfProcess,
      openEnvironment: syntheticEnvironment(target, { server: SERVER, dimensions: DIMENSIONS }),
      openReplay: (id, stateDim, actionDim) => RedisReplayBuffer.open({ url: REDIS_URL, keyPrefix: KEY_PREFIX, session: id, stateDim, actionDim, capacity: 1000 }),
      createAgent: async (kind, options) => {
        const agent = await createAgent(kind, options);
        agents.push(agent);
        return agent;
      },
      workerId,
      heartbeatMs: 60_000,
    };
  }

  async function newSession(options: SessionOptions): Promise<string> {
    const session = await store.sessions.create(instanceId, {
      verifyRepeats: 3,
      seed: 3,
      benchmark: { scripts: [{ builtin: 'select-only' }], clients: 2, durationS: 1, warmupS: 0 },
      ...options,
    });
    sessionIds.push(session.id);
    return session.id;
  }

  const rulesAction = (baseline: Map<string, string>) =>
    knobsToAction(DIMENSIONS.map((d) => ({ name: d.name, value: RULES.get(d.name) ?? baseline.get(d.name)! })), DIMENSIONS);

  beforeAll(async () => {
    store = await openTestStore(SCHEMA);
    stores.push(store);
    instanceId = (await store.instances.upsert({ name: 'synthetic', collectorAddress: '127.0.0.1:1' })).id;
  });

  afterAll(async () => {
    for (const id of sessionIds) {
      const buffer = await RedisReplayBuffer.open({ url: REDIS_URL, keyPrefix: KEY_PREFIX, session: id, stateDim: surface.stateDim, actionDim: surface.actionDim, capacity: 1000 });
      await buffer.clear();
      await buffer.close();
    }
    await store.close();
    await dropTestSchemas(SCHEMA);
  });

  it('agent rules: one step, whose knobs are the clamped rules (baseline elsewhere), then the normal verification', async () => {
    // 20 asked, 1 run: the rules agent is one shot.
    const id = await newSession({ agent: 'rules', iterations: 20 });
    const end = await new SessionRunner((await store.sessions.claimNext('trainer-rules', { sessionId: id }))!, deps('trainer-rules', store)).run();
    expect(end).toBe('finished');
    const rows = await store.iterations.list(id);
    const baseline = new Map(rows.find((r) => r.kind === 'baseline')!.knobs.map((k) => [k.name, k.value]));
    const steps = rows.filter((r) => r.kind === 'step');
    expect(steps).toHaveLength(1);
    expect(steps[0]!.knobs).toEqual(
      KNOBS.map((name) => ({ name, value: name === 'checkpoint_timeout' ? baseline.get(name) : RULES.get(name) })),
    );
    // The published numbers for this host, as the server receives them.
    expect(Object.fromEntries(steps[0]!.knobs.map((k) => [k.name, k.value]))).toMatchObject({
      work_mem: '40329',
      maintenance_work_mem: '1048576',
      checkpoint_completion_target: '0.9',
      effective_cache_size: '1572864',
      random_page_cost: '1.1',
    });
    expect(steps[0]!.action).toEqual(Array.from(Float32Array.from(rulesAction(baseline))));
    const verifyRuns = rows.filter((r) => r.kind === 'verify');
    expect(verifyRuns).toHaveLength(1 + 3 * 2);
    const report = (await store.recommendations.get(id)).report as unknown as VerificationRecord;
    expect(report.candidates.map((c) => c.knobs)).toEqual([steps[0]!.knobs]);
    expect((await store.sessions.get(id)).status).toBe('finished');
  }, 60_000);

  it('warm_start rules: the first step of random search is the rules configuration, and a resumed session does not repeat it', async () => {
    const id = await newSession({ agent: 'random', iterations: 4, checkpointEvery: 10, warmStart: 'rules' });
    // Trainer A dies during step 2: step 1 (the rules) is stored, no checkpoint yet.
    const storeA = await openTestStore(SCHEMA);
    stores.push(storeA);
    const depsA = deps('trainer-a', storeA);
    depsA.openEnvironment = dyingEnvironment(depsA.openEnvironment, 2, () => storeA.close());
    await new SessionRunner((await storeA.sessions.claimNext('trainer-a', { sessionId: id }))!, depsA).run();
    const afterA = await store.iterations.list(id, 'step');
    expect(afterA).toHaveLength(1);
    expect(await store.checkpoints.latest(id)).toBeUndefined();

    const agentsB: TuningAgent[] = [];
    const claimed = await store.sessions.claimNext('trainer-b', { sessionId: id, staleAfterMs: 0 });
    expect(await new SessionRunner(claimed!, deps('trainer-b', store, agentsB)).run()).toBe('finished');
    const rows: IterationRecord[] = await store.iterations.list(id);
    const baseline = new Map(rows.find((r) => r.kind === 'baseline')!.knobs.map((k) => [k.name, k.value]));
    const steps = rows.filter((r) => r.kind === 'step');
    expect(steps.map((s) => s.n)).toEqual([1, 2, 3, 4]);
    const warm = Array.from(Float32Array.from(rulesAction(baseline)));
    expect(steps[0]!.action).toEqual(warm);
    expect(Object.fromEntries(steps[0]!.knobs.filter((k) => RULES.has(k.name)).map((k) => [k.name, k.value]))).toEqual(
      Object.fromEntries(KNOBS.filter((n) => RULES.has(n)).map((n) => [n, RULES.get(n)])),
    );
    // After the resume, random search's own samples: never the rules again.
    for (const step of steps.slice(1)) {
      expect(step.action).not.toEqual(warm);
      for (const k of step.knobs.filter((k) => RULES.has(k.name))) expect(k.value, `step ${step.n} ${k.name}`).not.toBe(RULES.get(k.name));
    }
    // B built random search (wrapped), and it acted for steps 2-4 only.
    expect(agentsB.map((a) => a.kind)).toEqual(['random']);
    expect(agentsB[0]!.describe().steps).toBe(3);
    expect((await store.sessions.get(id)).status).toBe('finished');
  }, 60_000);
});
