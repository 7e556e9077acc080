import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryReplayBuffer } from '../../model/replay/memory-replay-buffer';
import { SyntheticEnvironment } from '../../model/synthetic-environment';
import type { IterationRecord } from '../../lib/store/iteration-repository';
import type { MetadataStore } from '../../lib/store/metadata-store';
import type { SessionOptions } from '../../proto/generated/autotune/v1/SessionOptions';
import { transitionsFromIterations } from '../../services/trainer/replay-rebuild';
import { SessionRunner, type SessionEnd, type SessionRunnerDeps } from '../../services/trainer/session-runner';
import { SyntheticTarget } from '../../services/trainer/synthetic-target';
import { syntheticEnvironment } from '../../services/trainer/synthetic-tuning-environment';
import type { OpenEnvironment } from '../../services/trainer/tuning-environment';
import { dropTestSchemas, openTestStore, uniqueSchemaName } from '../helpers/test-store';

/**
 * Re-measuring promising steps through SessionRunner, the trainer's real loop, over the
 * synthetic environment with a real metadata store (a schema of its own). Trainer A dies
 * during its 5th run; trainer B resumes with a fresh (in-memory) replay buffer, which it
 * refills from the store, and finishes. The surface is steep (the baseline scores about a
 * third of the optimum), so most steps beat the baseline and the top 3 rule fires often.
 */
const SCHEMA = uniqueSchemaName('runner_remeasure_test');
const ITERATIONS = 12;
const TOP = 3;
const CRASH_RUN = 5;
const BENCHMARK = { scripts: [{ builtin: 'select-only' as const }], clients: 2, durationS: 1, warmupS: 0 };

/** A trainer process killed as it starts run `crashRun`: its store connection dies with it, so it writes no status. */
function dyingEnvironment(open: OpenEnvironment, crashRun: number, die: () => Promise<void>): OpenEnvironment {
  return async (request) => {
    const env = await open(request);
    let runs = 0;
    return {
      ...env,
      step: async (action) => {
        runs += 1;
        if (runs < crashRun) return env.step(action);
        await die();
        throw new Error('the trainer process was killed');
      },
      close: async () => undefined,
    };
  };
}

const remeasureOf = (row: IterationRecord) => row.metrics.remeasureOf as number | undefined;

describe('SessionRunner: re-measuring promising steps (remeasure_top)', () => {
  const surface = new SyntheticEnvironment({ knobs: 3, metrics: 4, noise: 0.05, baselineScore: [0.3, 0.35], seed: 3 });
  const stores: MetadataStore[] = [];
  let store: MetadataStore;
  let replayB: MemoryReplayBuffer;

  function deps(target: SyntheticTarget, workerId: string, storeOfProcess: MetadataStore, onReplay?: (b: MemoryReplayBuffer) => void): SessionRunnerDeps {
    return {
      store: storeOfProcess,
      openEnvironment: syntheticEnvironment(target),
      openReplay: async (_id, stateDim, actionDim) => {
        const buffer = new MemoryReplayBuffer({ stateDim, actionDim, capacity: 1000 });
        onReplay?.(buffer);
        return buffer;
      },
      workerId,
      heartbeatMs: 60_000,
    };
  }

  async function session(options: SessionOptions): Promise<string> {
    const instance = await store.instances.upsert({ name: `synthetic-${randomBytes(3).toString('hex')}`, collectorAddress: '127.0.0.1:1' });
    return (await store.sessions.create(instance.id, { iterations: ITERATIONS, verifyRepeats: 3, seed: 3, benchmark: BENCHMARK, ...options })).id;
  }

  async function runToEnd(id: string, target: SyntheticTarget, workerId: string, dep = deps(target, workerId, store)): Promise<SessionEnd> {
    const claimed = await dep.store.sessions.claimNext(workerId, { sessionId: id, staleAfterMs: 0 });
    return new SessionRunner(claimed!, dep).run();
  }

  let rows: IterationRecord[];
  let endA: SessionEnd;
  let endB: SessionEnd;
  let offRows: IterationRecord[];

  beforeAll(async () => {
    store = await openTestStore(SCHEMA);
    stores.push(store);
    const target = new SyntheticTarget(surface);
    const id = await session({ remeasureTop: TOP });
    const storeA = await openTestStore(SCHEMA);
    const depsA = deps(target, 'trainer-a', storeA);
    depsA.openEnvironment = dyingEnvironment(depsA.openEnvironment, CRASH_RUN, () => storeA.close());
    endA = await runToEnd(id, target, 'trainer-a', depsA);
    endB = await runToEnd(id, target, 'trainer-b', deps(target, 'trainer-b', store, (b) => (replayB = b)));
    rows = await store.iterations.list(id);

    const off = await session({ remeasureTop: 0, agent: 'random' });
    await runToEnd(off, new SyntheticTarget(new SyntheticEnvironment({ knobs: 3, metrics: 4, noise: 0.05, baselineScore: [0.3, 0.35], seed: 3 })), 'trainer-c');
    offRows = await store.iterations.list(off, 'step');
  }, 120_000);

  afterAll(async () => {
    for (const s of stores) await s.close();
    await dropTestSchemas(SCHEMA);
  });

  it('stores each re-measurement as the next step of the budget: the same action and knobs, right after a promising step', () => {
    expect(endA).toBe('failed');
    expect(endB).toBe('finished');
    const steps = rows.filter((r) => r.kind === 'step');
    expect(steps.map((s) => s.n)).toEqual(Array.from({ length: ITERATIONS }, (_, i) => i + 1));
    const repeats = steps.filter((s) => remeasureOf(s) !== undefined);
    expect(repeats.length).toBeGreaterThan(0);
    for (const again of repeats) {
      const of = steps.find((s) => s.n === remeasureOf(again))!;
      expect(of.n).toBe(again.n - 1);
      expect(remeasureOf(of)).toBeUndefined();
      expect(again.action).toEqual(of.action);
      expect(again.knobs).toEqual(of.knobs);
      // The rule: beat the baseline, and fewer than TOP earlier runs scored higher.
      expect(of.reward!).toBeGreaterThan(0);
      expect(steps.filter((s) => s.n < of.n && s.reward! > of.reward!).length).toBeLessThan(TOP);
    }
  });

  it('re-measures every step that qualified, except the last of the budget', () => {
    const steps = rows.filter((r) => r.kind === 'step');
    // Trainer A's pending repeat (if any) died with it: from the resume on the rule is exact.
    for (const step of steps.filter((s) => s.n >= CRASH_RUN && s.n < ITERATIONS && remeasureOf(s) === undefined)) {
      const better = steps.filter((s) => s.n < step.n && s.reward! > step.reward!).length;
      const qualified = step.reward! > 0 && better < TOP;
      expect(remeasureOf(steps.find((s) => s.n === step.n + 1)!) !== undefined, `step ${step.n}`).toBe(qualified);
    }
  });

  it('learns from both runs: the resumed replay holds a transition for every stored step', async () => {
    expect(transitionsFromIterations(rows)).toHaveLength(ITERATIONS);
    expect(await replayB.size()).toBe(ITERATIONS);
  });

  it('re-measures nothing with remeasure_top 0', () => {
    expect(offRows).toHaveLength(ITERATIONS);
    expect(offRows.filter((s) => remeasureOf(s) !== undefined)).toEqual([]);
  });
});
