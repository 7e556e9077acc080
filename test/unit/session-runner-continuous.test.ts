import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KnobSetting__Output as KnobSetting } from '../../proto/generated/autotune/v1/KnobSetting';
import type { SessionOptions } from '../../proto/generated/autotune/v1/SessionOptions';
import { createAgent } from '../../model/create-agent';
import type { ReplayBuffer } from '../../model/replay/replay-buffer';
import { SyntheticEnvironment } from '../../model/synthetic-environment';
import type { TuningAgent } from '../../model/tuning-agent';
import type { KnobState__Output as KnobState } from '../../proto/generated/autotune/v1/KnobState';
import { FailedPreconditionError } from '../../lib/core/errors';
import { ChangeInProgressError } from '../../lib/store/change-in-progress-error';
import type { IterationRecord } from '../../lib/store/iteration-repository';
import type { MetadataStore } from '../../lib/store/metadata-store';
import type { SessionStatus } from '../../lib/store/session-repository';
import type { DriftDecision } from '../../services/trainer/drift-test';
import { RecommendationApproval, type ApprovalCollector } from '../../services/recommendation/recommendation-approval';
import { SessionRunner } from '../../services/trainer/session-runner';
import { SyntheticTarget } from '../../services/trainer/synthetic-target';
import { syntheticEnvironment } from '../../services/trainer/synthetic-tuning-environment';
import { verifiedLevel } from '../../services/trainer/verified-level';
import { NEVER_VERIFIED } from '../../services/trainer/watch-loop';
import { openRunnerFixture, WATCH_EVERY_SECOND, type RunnerFixture } from '../helpers/runner-fixture';
import { until } from '../helpers/service-process';

/**
 * Continuous tuning through SessionRunner's real loop over the synthetic surface, with a store
 * schema of its own and the replay buffers in the shared Redis (runner-fixture.ts). A watch
 * every second, three runs each.
 */
const ORIGINAL: KnobSetting[] = ['0.00', '0.00', '0.00'].map((value, i) => ({ name: `synthetic_${i + 1}`, value }));
const SURFACE = { knobs: 3, metrics: 4, baselineScore: [0.3, 0.35] as [number, number] };
const CONTINUOUS: SessionOptions = { ...WATCH_EVERY_SECOND, iterations: 6 };

describe('SessionRunner: continuous tuning', () => {
  let fixture: RunnerFixture;
  let store: MetadataStore;
  let instanceId: string;

  beforeAll(async () => {
    fixture = await openRunnerFixture('runner_continuous');
    store = fixture.store;
    instanceId = (await store.instances.upsert({ name: 'synthetic', collectorAddress: '127.0.0.1:1' })).id;
  });

  afterAll(() => fixture.close());

  const createSession = (options: SessionOptions, worker: string) => fixture.claimed(instanceId, { ...CONTINUOUS, ...options }, worker);

  /** A runner over `target`; `onRoundStart` sees the agent and the replay buffer when a round after the first measures its baseline. */
  function runner(
    session: Awaited<ReturnType<typeof createSession>>,
    target: SyntheticTarget,
    options: {
      worker: string;
      signal?: AbortSignal;
      onRoundStart?: (agent: TuningAgent, replay: ReplayBuffer) => Promise<void>;
      /** Before every Open (the start's, each watch's): where a test changes the configuration "by hand", between watches. */
      beforeOpen?: () => void;
      /** Before every watch run (a Measure of nothing: it measures what is in force), the watch's hold held. */
      onWatchRun?: () => Promise<void>;
    },
  ) {
    const synthetic = syntheticEnvironment(target);
    const agents: TuningAgent[] = [];
    let replay: ReplayBuffer | undefined;
    let resets = 0;
    const run = new SessionRunner(session, {
      store,
      workerId: options.worker,
      // Often, so a cancellation is seen within a watch.
      heartbeatMs: 100,
      signal: options.signal,
      createAgent: async (kind, agentOptions) => {
        const agent = await createAgent(kind, agentOptions);
        agents.push(agent);
        return agent;
      },
      openReplay: async (id, stateDim, actionDim) => {
        replay = await fixture.openReplay(id, stateDim, actionDim);
        return replay;
      },
      openEnvironment: async (request) => {
        options.beforeOpen?.();
        const env = await synthetic(request);
        return {
          ...env,
          measure: async (knobs) => {
            if (knobs.length === 0) await options.onWatchRun?.();
            return env.measure(knobs);
          },
          reset: async () => {
            resets += 1;
            const fresh = (await store.iterations.list(session.id, 'baseline')).length === 0;
            if (!fresh && options.onRoundStart && agents[0] && replay) await options.onRoundStart(agents[0], replay);
            return env.reset();
          },
        };
      },
    }).run();
    return { run, agents, resets: () => resets };
  }

  const waitFor = (what: string, check: () => Promise<boolean>, timeoutMs = 60_000) => until(what, check, timeoutMs, undefined, 50);

  /** Approval and rollback as the Recommendation service runs them, through a collector that is the target's. */
  function approvalOn(target: SyntheticTarget): RecommendationApproval {
    const collector: ApprovalCollector = {
      getKnobs: async (names = []) => ({ knobs: target.knobs(names).map((k) => ({ ...k }) as KnobState) }),
      applyKnobs: async (request) => {
        target.apply((request.knobs ?? []).map((k) => ({ name: k.name ?? '', value: k.value ?? '' })));
        return { applied: true, restarted: false, rolledBack: false, error: '', inEffect: target.knobs(), pendingRestart: [] };
      },
      keepKnobs: async () => ({ restarted: false, inEffect: target.knobs() }),
      close: () => undefined,
    };
    return new RecommendationApproval({ store, connectCollector: () => collector });
  }

  /** Calls `change` until no watch holds the instance; every refusal on the way must name the session's watch. */
  async function afterTheWatch<T>(sessionId: string, change: () => Promise<T>): Promise<T> {
    for (;;) {
      try {
        return await change();
      } catch (err) {
        if (!(err instanceof ChangeInProgressError)) throw err;
        expect(err.change.holder).toBe(`watch of session ${sessionId}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  }

  const statusOf = async (id: string): Promise<SessionStatus> => store.sessions.status(id);
  const watchRows = async (id: string): Promise<IterationRecord[]> => store.iterations.list(id, 'watch');
  const decisions = (rows: IterationRecord[]) => rows.flatMap((r) => (r.metrics.drift ? [r.metrics.drift as DriftDecision] : []));

  /** The workload changes so that the configuration in force loses a third of its throughput. */
  function degrade(target: SyntheticTarget): void {
    const before = target.truePerformance();
    target.changeWorkload(new SyntheticEnvironment({ ...SURFACE, noise: 0.02, seed: 3, optimumPerformance: 650 }));
    expect(target.truePerformance()).toBeLessThan(0.7 * before);
  }

  it('opens round 2 on drift, warm-started: the same agent with round 1\'s last weights and the same replay buffer', async () => {
    const target = new SyntheticTarget(new SyntheticEnvironment({ ...SURFACE, noise: 0.02, seed: 3 }));
    const session = await createSession({ applyBest: true, maxRounds: 2 }, 'trainer-drift');
    let atRound2: { weights: Uint8Array; checkpoint: Buffer; replay: number } | undefined;
    const { run, agents } = runner(session, target, {
      worker: 'trainer-drift',
      onRoundStart: async (agent, replay) => {
        atRound2 = { weights: await agent.save(), checkpoint: (await store.checkpoints.latest(session.id))!.weights, replay: await replay.size() };
      },
    });
    await waitFor('round 1 to be recommended', async () => (await statusOf(session.id)) === 'watching');
    degrade(target);
    expect(await run).toBe('finished');

    const recommendations = await store.recommendations.list(session.id);
    expect(recommendations.map((r) => r.round)).toEqual([1, 2]);
    // One agent for both rounds, its weights at round 2's start those round 1 ended with (its last checkpoint).
    expect(agents).toHaveLength(1);
    expect(Buffer.from(atRound2!.weights).equals(atRound2!.checkpoint)).toBe(true);
    // The replay buffer kept round 1's transitions; round 2 added its own.
    expect(atRound2!.replay).toBe(6);
    const steps = await store.iterations.list(session.id, 'step');
    expect(steps.map((s) => [s.round, s.n])).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((n) => [n <= 6 ? 1 : 2, n]));
    // Round 2's baseline is the configuration in force: round 1's recommendation (kept by apply_best).
    const baselines = await store.iterations.list(session.id, 'baseline');
    expect(baselines.map((b) => b.round)).toEqual([1, 2]);
    expect(baselines[1]!.knobs).toEqual(recommendations[0]!.knobs);
    const last = decisions(await watchRows(session.id)).at(-1)!;
    expect(last.drifted).toBe(true);
    expect(last.tps.high).toBeLessThan(1);
    // GetRecommendation's read: the latest round's.
    expect((await store.recommendations.get(session.id)).round).toBe(2);
    expect(await statusOf(session.id)).toBe('finished');
  });

  it('opens no round while an unchanged configuration is watched (A against A at 10% noise), and a cancel restores the original', async () => {
    const target = new SyntheticTarget(new SyntheticEnvironment({ ...SURFACE, noise: 0.1, seed: 11 }));
    const session = await createSession({}, 'trainer-a-a');
    const { run, resets } = runner(session, target, { worker: 'trainer-a-a' });
    await waitFor('six watches', async () => decisions(await watchRows(session.id)).length >= 6, 120_000);
    await store.sessions.setStatus(session.id, 'cancelled');
    expect(await run).toBe('cancelled');

    const rows = await watchRows(session.id);
    expect(decisions(rows).every((d) => !d.drifted)).toBe(true);
    expect(rows.every((r) => r.round === 1)).toBe(true);
    expect(resets()).toBe(1);
    expect((await store.recommendations.list(session.id)).map((r) => r.round)).toEqual([1]);
    // The test can fail: at this noise, single runs fall past the threshold, which one-run rules would call drift.
    const reference = (await verifiedLevel(store, session.id, ORIGINAL))!;
    const level = Math.exp(reference.reduce((s, r) => s + Math.log(r.tps), 0) / reference.length);
    expect(rows.some((r) => r.tps! < level / 1.05)).toBe(true);
    expect(target.knobs()).toEqual(ORIGINAL);
    expect(await statusOf(session.id)).toBe('cancelled');
  });

  it('keeps the applied recommendation in force when cancelled while watching (it was chosen; the original was replaced)', async () => {
    const target = new SyntheticTarget(new SyntheticEnvironment({ ...SURFACE, noise: 0.02, seed: 3 }));
    const session = await createSession({ applyBest: true }, 'trainer-cancel');
    const { run } = runner(session, target, { worker: 'trainer-cancel' });
    await waitFor('a watch', async () => decisions(await watchRows(session.id)).length >= 1);
    await store.sessions.setStatus(session.id, 'cancelled');
    expect(await run).toBe('cancelled');
    const recommendation = await store.recommendations.get(session.id);
    expect((recommendation.report as { appliedBest?: boolean }).appliedBest).toBe(true);
    expect(target.knobs()).toEqual(recommendation.knobs);
  });

  it('refuses an approval while a watch measures, naming the watch, and takes it after; later watches keep it and compare with its runs', async () => {
    const target = new SyntheticTarget(new SyntheticEnvironment({ ...SURFACE, noise: 0.02, seed: 3 }));
    const session = await createSession({ requireApproval: true }, 'trainer-approval');
    let reached: (() => void) | undefined;
    const watchHolds = new Promise<void>((resolve) => (reached = resolve));
    let release: (() => void) | undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    let gated = true;
    const { run } = runner(session, target, {
      worker: 'trainer-approval',
      onWatchRun: async () => {
        if (!gated) return;
        reached!();
        await released;
      },
    });
    await watchHolds;
    const recommendation = await store.recommendations.get(session.id);
    expect(recommendation.approvalState).toBe('pending');
    const approval = approvalOn(target);

    // The watch holds the instance from its Open to its Close: the approval is refused, naming it, and changes nothing.
    const refused = await approval.approve(session.id, 'alice').then(() => undefined, (err: unknown) => err);
    expect(refused).toBeInstanceOf(FailedPreconditionError);
    expect((refused as Error).message).toMatch(new RegExp(`configuration change in progress \\(watch of session ${session.id}, since `));
    expect(target.knobs()).toEqual(ORIGINAL);
    expect((await store.recommendations.get(session.id)).approvalState).toBe('pending');

    gated = false;
    release!();
    expect((await afterTheWatch(session.id, () => approval.approve(session.id, 'alice'))).approvalState).toBe('approved');
    expect(target.knobs()).toEqual(recommendation.knobs);
    const watched = decisions(await watchRows(session.id)).length;
    await waitFor('two watches after the approval', async () => decisions(await watchRows(session.id)).length >= watched + 2);
    await store.sessions.setStatus(session.id, 'cancelled');
    expect(await run).toBe('cancelled');

    // Nothing put the old values back, and the watches compared the approved configuration with its own verified runs.
    expect(target.knobs()).toEqual(recommendation.knobs);
    const chosenRuns = await verifiedLevel(store, session.id, recommendation.knobs);
    const after = (await watchRows(session.id)).slice(-6);
    expect(after.every((r) => JSON.stringify(r.knobs) === JSON.stringify(recommendation.knobs))).toBe(true);
    expect(decisions(after).every((d) => !d.drifted && d.referenceRuns === chosenRuns!.length)).toBe(true);
    expect((await store.recommendations.list(session.id)).map((r) => r.round)).toEqual([1]);
  });

  it("compares the watch with the baseline's runs after a rollback, and opens no round for the restored baseline", async () => {
    const target = new SyntheticTarget(new SyntheticEnvironment({ ...SURFACE, noise: 0.02, seed: 3 }));
    const session = await createSession({ requireApproval: true }, 'trainer-rollback');
    const { run } = runner(session, target, { worker: 'trainer-rollback' });
    await waitFor('a watch', async () => decisions(await watchRows(session.id)).length >= 1);
    const approval = approvalOn(target);
    const recommendation = await store.recommendations.get(session.id);
    await afterTheWatch(session.id, () => approval.approve(session.id, 'alice'));
    expect(target.knobs()).toEqual(recommendation.knobs);
    await afterTheWatch(session.id, () => approval.rollback(instanceId, 'bob'));
    expect(target.knobs()).toEqual(ORIGINAL);
    // The approval state still says approved: only the server says the baseline is back.
    expect((await store.recommendations.get(session.id)).approvalState).toBe('approved');
    const watched = (await watchRows(session.id)).length;
    await waitFor('three watches of the restored baseline', async () => decisions((await watchRows(session.id)).slice(watched)).length >= 3);
    await store.sessions.setStatus(session.id, 'cancelled');
    expect(await run).toBe('cancelled');

    const baselineRuns = (await verifiedLevel(store, session.id, ORIGINAL))!;
    const chosenRuns = (await verifiedLevel(store, session.id, recommendation.knobs))!;
    const geo = (runs: { tps: number }[]) => Math.exp(runs.reduce((sum, r) => sum + Math.log(r.tps), 0) / runs.length);
    // The test can fail: against the recommendation's runs, the restored baseline would be a drop far past the 5% threshold.
    expect(geo(baselineRuns) / geo(chosenRuns)).toBeLessThan(1 / 1.1);
    const after = decisions((await watchRows(session.id)).slice(watched));
    expect(after.every((d) => !d.drifted && d.referenceRuns === baselineRuns.length)).toBe(true);
    expect((await store.iterations.list(session.id, 'baseline')).map((b) => b.round)).toEqual([1]);
  });

  it('opens a round for a configuration changed by hand to one never verified, and the watches after it find its level (no loop)', async () => {
    const target = new SyntheticTarget(new SyntheticEnvironment({ ...SURFACE, noise: 0.02, seed: 3 }));
    const session = await createSession({}, 'trainer-by-hand');
    const byHand: KnobSetting[] = ['0.37', '-0.41', '0.13'].map((value, i) => ({ name: `synthetic_${i + 1}`, value }));
    let changed = false;
    let watchedSoFar: IterationRecord[] = [];
    const { run } = runner(session, target, {
      worker: 'trainer-by-hand',
      // Between two watches, once round 1 is watched.
      beforeOpen: () => {
        if (changed || decisions(watchedSoFar).length === 0) return;
        target.apply(byHand);
        changed = true;
      },
    });
    await waitFor('a watch', async () => decisions((watchedSoFar = await watchRows(session.id))).length >= 1);
    await waitFor('round 2 to be recommended and watched twice', async () => {
      const rows = await store.iterations.list(session.id, 'watch', 2);
      return decisions(rows).length >= 2;
    }, 120_000);
    await store.sessions.setStatus(session.id, 'cancelled');
    expect(await run).toBe('cancelled');

    const [, round2] = await store.iterations.list(session.id, 'baseline');
    expect(round2!.round).toBe(2);
    expect(round2!.knobs).toEqual(byHand);
    expect(round2!.metrics.opened).toBe(NEVER_VERIFIED);
    // Round 2 verified its baseline, the configuration in force: the watches after it compare with those runs, and open nothing.
    const level = (await verifiedLevel(store, session.id, byHand))!;
    expect(level.length).toBeGreaterThanOrEqual(3);
    const after = decisions(await store.iterations.list(session.id, 'watch', 2));
    expect(after.every((d) => !d.drifted && d.referenceRuns === level.length)).toBe(true);
    expect((await store.recommendations.list(session.id)).map((r) => r.round)).toEqual([1, 2]);
  });

  it('resumes a session whose trainer died while watching into the watch, not a new round 1; its round 2 starts from the checkpoint', async () => {
    const target = new SyntheticTarget(new SyntheticEnvironment({ ...SURFACE, noise: 0.02, seed: 3 }));
    const session = await createSession({ maxRounds: 2 }, 'trainer-dies');
    const dies = new AbortController();
    const first = runner(session, target, { worker: 'trainer-dies', signal: dies.signal });
    await waitFor('a watch', async () => decisions(await watchRows(session.id)).length >= 1);
    // Its heartbeats stop counting: another trainer takes the session over as after a crash.
    // Polled, as a trainer polls: a claim skips the row while a heartbeat holds its lock (FOR UPDATE SKIP LOCKED).
    let taken: Awaited<ReturnType<typeof store.sessions.claimNext>>;
    await waitFor('the takeover', async () => (taken = await store.sessions.claimNext('trainer-resumes', { sessionId: session.id, staleAfterMs: 0 })) !== undefined);
    expect(taken?.status).toBe('watching');
    dies.abort('stopped');
    expect(await first.run).toBe('stopped');
    const watchedBefore = (await watchRows(session.id)).length;
    // A trainer killed in a watch leaves its hold: the one that takes the session over reclaims it, not waiting for it to lapse.
    await store.changes.begin(instanceId, `watch of session ${session.id}`);

    let atRound2: { weights: Uint8Array; checkpoint: Buffer } | undefined;
    const second = runner(taken!, target, {
      worker: 'trainer-resumes',
      onRoundStart: async (agent) => {
        atRound2 = { weights: await agent.save(), checkpoint: (await store.checkpoints.latest(session.id))!.weights };
      },
    });
    await waitFor('the resumed watch', async () => (await watchRows(session.id)).length > watchedBefore);
    expect(await statusOf(session.id)).toBe('watching');
    degrade(target);
    expect(await second.run).toBe('finished');

    // Round 1 was neither measured nor tuned again; round 2's agent came from round 1's last checkpoint.
    const baselines = await store.iterations.list(session.id, 'baseline');
    expect(baselines.map((b) => b.round)).toEqual([1, 2]);
    expect((await store.iterations.list(session.id, 'step', 1)).length).toBe(6);
    expect(Buffer.from(atRound2!.weights).equals(atRound2!.checkpoint)).toBe(true);
    expect((await store.recommendations.list(session.id)).map((r) => r.round)).toEqual([1, 2]);
    // Not applied: the round's baseline (what was in force, the original) is back.
    expect(target.knobs()).toEqual(ORIGINAL);
  });
});
