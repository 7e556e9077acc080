import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgent } from '../../model/create-agent';
import { RedisReplayBuffer } from '../../model/replay/redis-replay-buffer';
import type { ReplayBuffer } from '../../model/replay/replay-buffer';
import { SyntheticEnvironment } from '../../model/synthetic-environment';
import type { TuningAgent } from '../../model/tuning-agent';
import type { IterationRecord } from '../../lib/store/iteration-repository';
import type { MetadataStore } from '../../lib/store/metadata-store';
import type { SessionRecord } from '../../lib/store/session-repository';
import type { VerificationRecord } from '../../lib/store/verification-record';
import { transitionsFromIterations } from '../../services/trainer/replay-rebuild';
import { SessionRunner, type SessionEnd, type SessionRunnerDeps } from '../../services/trainer/session-runner';
import { SyntheticTarget } from '../../services/trainer/synthetic-target';
import { syntheticEnvironment } from '../../services/trainer/synthetic-tuning-environment';
import type { OpenEnvironment } from '../../services/trainer/tuning-environment';
import { asStored, readReplay } from '../helpers/read-replay';
import { dropTestSchemas, openTestStore, uniqueSchemaName } from '../helpers/test-store';

/**
 * SessionRunner, the trainer's real loop, over the synthetic environment with a real metadata
 * store (a schema of its own on the shared server) and a real Redis replay buffer (a key prefix
 * of its own). Trainer A dies during step 7, after the checkpoint of step 6, and Redis loses
 * the replay buffer with it; trainer B claims the stale session, resumes, verifies and
 * recommends. The surface is steep (the baseline scores about a third of the optimum) and
 * measurements vary by 1%, so the recommendation is a clear, repeatable answer.
 */
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SCHEMA = uniqueSchemaName('runner_test');
const KEY_PREFIX = `test:session-runner-${randomUUID()}`;

const ITERATIONS = 8;
const CHECKPOINT_EVERY = 3;
/** Trainer A dies in this step, after applying its configuration and before storing it. */
const CRASH_STEP = 7;
const VERIFY_REPEATS = 3;
/** A state neither trainer has seen, to compare the agents' policies on. */
const PROBE_STATE = Float32Array.from([420, 35, 60, 50]);

interface AgentProbe {
  greedy: number[];
  steps: number;
  updates: number;
  checkpoint: Uint8Array;
}

async function probe(agent: TuningAgent): Promise<AgentProbe> {
  const { steps, updates } = agent.describe();
  return { greedy: Array.from(await agent.act(PROBE_STATE, { explore: false })), steps, updates, checkpoint: await agent.save() };
}

/**
 * A trainer process that dies during step `crashStep`: the configuration is applied, then the
 * process is gone, so nothing more reaches the store (its pool is closed) and the server is
 * not restored (a dead process closes nothing).
 */
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

function knobValues(knobs: IterationRecord['knobs']): number[] {
  return knobs.map((k) => Number(k.value));
}

describe('SessionRunner: a session over the synthetic environment, crashed after a checkpoint and resumed elsewhere', () => {
  const surface = new SyntheticEnvironment({ knobs: 3, metrics: 4, noise: 0.01, baselineScore: [0.3, 0.35], seed: 3 });
  const target = new SyntheticTarget(surface);
  const stores: MetadataStore[] = [];
  let store: MetadataStore;
  let session: SessionRecord;
  let atCrash: { session: SessionRecord; steps: number; checkpointStep: number | undefined };
  let probeA: AgentProbe;
  let probeB: AgentProbe & { replaySize: number };
  let endA: SessionEnd;
  let endB: SessionEnd;
  let rows: IterationRecord[];

  function deps(workerId: string, storeOfProcess: MetadataStore, agents: TuningAgent[], replays: ReplayBuffer[]): SessionRunnerDeps {
    return {
      store: storeOfProcess,
      openEnvironment: syntheticEnvironment(target),
      openReplay: async (id, stateDim, actionDim) => {
        const buffer = await RedisReplayBuffer.open({ url: REDIS_URL, keyPrefix: KEY_PREFIX, session: id, stateDim, actionDim, capacity: 1000 });
        replays.push(buffer);
        return buffer;
      },
      createAgent: async (kind, options) => {
        const agent = await createAgent(kind, options);
        agents.push(agent);
        return agent;
      },
      workerId,
      heartbeatMs: 60_000,
    };
  }

  beforeAll(async () => {
    store = await openTestStore(SCHEMA);
    stores.push(store);
    const instance = await store.instances.upsert({ name: 'synthetic', collectorAddress: '127.0.0.1:1' });
    session = await store.sessions.create(instance.id, {
      iterations: ITERATIONS,
      checkpointEvery: CHECKPOINT_EVERY,
      verifyRepeats: VERIFY_REPEATS,
      applyBest: true,
      seed: 7,
      benchmark: { scripts: [{ builtin: 'select-only' }], clients: 2, durationS: 1, warmupS: 0 },
    });

    // Trainer A: its own store connection, which dies with it.
    const storeA = await openTestStore(SCHEMA);
    stores.push(storeA);
    const agentsA: TuningAgent[] = [];
    const replaysA: ReplayBuffer[] = [];
    const depsA = deps('trainer-a', storeA, agentsA, replaysA);
    depsA.openEnvironment = dyingEnvironment(depsA.openEnvironment, CRASH_STEP, async () => {
      probeA = await probe(agentsA[0]!);
      await storeA.close();
      // Redis restarted without persistence: the replay buffer is gone, the store is not.
      await replaysA[0]!.clear();
    });
    endA = await new SessionRunner((await storeA.sessions.claimNext('trainer-a', { sessionId: session.id }))!, depsA).run();
    atCrash = {
      session: await store.sessions.get(session.id),
      steps: (await store.iterations.list(session.id, 'step')).length,
      checkpointStep: (await store.checkpoints.latest(session.id))?.step,
    };

    // Trainer B claims the session once A's heartbeat is stale.
    const agentsB: TuningAgent[] = [];
    const replaysB: ReplayBuffer[] = [];
    const depsB = deps('trainer-b', store, agentsB, replaysB);
    const open = depsB.openEnvironment;
    depsB.openEnvironment = async (request) => {
      const env = await open(request);
      let probed = false;
      return {
        ...env,
        step: async (action) => {
          // The first step after resuming: the agent has acted once since loading, as A had when it died.
          if (!probed) probeB = { ...(await probe(agentsB[0]!)), replaySize: await replaysB[0]!.size() };
          probed = true;
          return env.step(action);
        },
      };
    };
    const claimed = await store.sessions.claimNext('trainer-b', { sessionId: session.id, staleAfterMs: 0 });
    endB = await new SessionRunner(claimed!, depsB).run();
    rows = await store.iterations.list(session.id);
  }, 60_000);

  afterAll(async () => {
    const buffer = await RedisReplayBuffer.open({ url: REDIS_URL, keyPrefix: KEY_PREFIX, session: session.id, stateDim: surface.stateDim, actionDim: surface.actionDim, capacity: 1000 });
    await buffer.clear();
    await buffer.close();
    await store.close();
    await dropTestSchemas(SCHEMA);
  });

  it('leaves the session claimed and running when the trainer dies, with the steps and checkpoint it stored', () => {
    // A's run() ends on the lost store without writing a status: as if it had been killed.
    expect(endA).toBe('failed');
    expect(atCrash.session.status).toBe('running');
    expect(atCrash.session.claimedBy).toBe('trainer-a');
    expect(atCrash.steps).toBe(CRASH_STEP - 1);
    expect(atCrash.checkpointStep).toBe(6);
  });

  it('resumes after the last stored step: the baseline put back and re-measured, every step stored once, checkpoints to the end', async () => {
    expect(endB).toBe('finished');
    const finished = await store.sessions.get(session.id);
    expect(finished.status).toBe('finished');
    expect(finished.claimedBy).toBe('trainer-b');
    const steps = rows.filter((r) => r.kind === 'step');
    expect(steps.map((s) => s.n)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    for (const step of steps) {
      expect(step.action).toHaveLength(surface.actionDim);
      expect(step.state).toHaveLength(surface.stateDim);
      expect(step.reward).toEqual(expect.any(Number));
      expect(step.knobs.map((k) => k.name)).toEqual(target.knobNames);
    }
    const baselineKnobs = target.knobNames.map((name) => ({ name, value: '0.00' }));
    const baselines = rows.filter((r) => r.kind === 'baseline');
    expect(baselines.map((b) => b.knobs)).toEqual([baselineKnobs, baselineKnobs]);
    // A died with step 7's configuration on the server: B put the baseline back first.
    const drift = rows.filter((r) => r.kind === 'drift');
    expect(drift.map((d) => d.knobs)).toEqual([baselineKnobs]);
    expect(rows.map((r) => r.kind).slice(CRASH_STEP, CRASH_STEP + 3)).toEqual(['drift', 'baseline', 'step']);
    expect((await store.checkpoints.latest(session.id))!.step).toBe(ITERATIONS);
  });

  it('restores the agent exactly as it was saved and the replay buffer with every stored transition', async () => {
    // A had trained, so an agent that skipped the checkpoint (fresh weights, empty normaliser) acts otherwise.
    expect(probeA.updates).toBeGreaterThan(0);
    expect(probeB.steps).toBe(6);
    expect(probeB.updates).toBe(probeA.updates);
    expect(probeB.greedy).toEqual(probeA.greedy);
    expect(Buffer.from(probeB.checkpoint).equals(Buffer.from(probeA.checkpoint))).toBe(true);
    // Redis had lost the buffer: B refilled it from the stored steps before acting.
    expect(probeB.replaySize).toBe(6);
    const buffer = await RedisReplayBuffer.open({ url: REDIS_URL, keyPrefix: KEY_PREFIX, session: session.id, stateDim: surface.stateDim, actionDim: surface.actionDim, capacity: 1000 });
    try {
      const stored = transitionsFromIterations(rows).map(asStored);
      expect(stored).toHaveLength(ITERATIONS);
      expect(await readReplay(buffer)).toEqual(stored);
    } finally {
      await buffer.close();
    }
  });

  it('verifies in brackets and recommends the best configuration found, significantly better, and leaves it applied', async () => {
    const verifyRuns = rows.filter((r) => r.kind === 'verify');
    expect(verifyRuns).toHaveLength(1 + VERIFY_REPEATS * (3 + 1));
    expect(verifyRuns.map((r) => r.metrics.label).slice(0, 5)).toEqual(['baseline', 'candidate-1', 'candidate-2', 'candidate-3', 'baseline']);

    // The known answer: of the configurations the steps tried, the one the surface rates best.
    const steps = rows.filter((r) => r.kind === 'step');
    const best = steps.reduce((a, b) => (surface.performance(knobValues(b.knobs)) > surface.performance(knobValues(a.knobs)) ? b : a));
    const trueRatio = surface.performance(knobValues(best.knobs)) / surface.baselinePerformance;
    expect(trueRatio).toBeGreaterThan(1.5);

    const recommendation = await store.recommendations.get(session.id);
    const report = recommendation.report as unknown as VerificationRecord;
    expect(recommendation.knobs).toEqual(best.knobs);
    expect(report.significant).toBe(true);
    const chosen = report.candidates.find((c) => c.label === report.chosen)!;
    expect(chosen).toMatchObject({ fromIteration: best.n, knobs: best.knobs });
    // A clear winner is decided at the first look, after the 3rd round.
    expect(chosen).toMatchObject({ rounds: VERIFY_REPEATS, decision: 'better' });
    expect(chosen.tps).toHaveLength(VERIFY_REPEATS);
    expect(report).toMatchObject({ maxRounds: VERIFY_REPEATS, minGain: 0.03, looks: 1 });
    expect(report.tpsRatio.median).toBeCloseTo(trueRatio, 1);
    expect(report.tpsRatio.low).toBeGreaterThan(1);
    expect(report.p95Ratio.high).toBeLessThan(1);
    expect(report.summary).toMatch(/^TPS \+/);
    expect(report.baselineKnobs).toEqual(target.knobNames.map((name) => ({ name, value: '0.00' })));
    expect(report.baseline.tps).toHaveLength(VERIFY_REPEATS + 1);
    expect(report.appliedBest).toBe(true);
    expect(target.knobs()).toEqual(best.knobs);
  });
});
