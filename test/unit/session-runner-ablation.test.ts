import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisReplayBuffer } from '../../model/replay/redis-replay-buffer';
import { SyntheticEnvironment } from '../../model/synthetic-environment';
import type { SessionOptions } from '../../proto/generated/autotune/v1/SessionOptions';
import { buildReport } from '../../lib/report/build-report';
import { renderTerminalTable } from '../../lib/report/render-terminal-table';
import type { MetadataStore } from '../../lib/store/metadata-store';
import type { VerificationRecord } from '../../lib/store/verification-record';
import { toRecommendationReport } from '../../services/recommendation/recommendation-report';
import { SessionRunner, type SessionRunnerDeps } from '../../services/trainer/session-runner';
import { SyntheticTarget } from '../../services/trainer/synthetic-target';
import { syntheticEnvironment } from '../../services/trainer/synthetic-tuning-environment';
import { dropTestSchemas, openTestStore, uniqueSchemaName } from '../helpers/test-store';

/**
 * The ablation phase through SessionRunner, the trainer's real loop, with a real metadata
 * store (a schema of its own) and a real Redis replay buffer (a key prefix of its own), over a
 * synthetic surface with a known answer: only the first knob matters (TPS 1000 * (1 + 0.4 x1)
 * in x1's [-1, 1]), the other two do nothing. Random search finds a configuration with a large
 * x1, verification recommends it, and the ablation must find that x1 carries the gain and the
 * others add nothing measurable.
 */
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SCHEMA = uniqueSchemaName('runner_ablation_test');
const KEY_PREFIX = `test:session-runner-ablation-${randomUUID()}`;
const ABLATION_ROUNDS = 4;

/** One knob that matters (x1) and two flat ones; `slope` 0 makes the whole surface flat. */
class OneKnobMatters extends SyntheticEnvironment {
  constructor(
    options: ConstructorParameters<typeof SyntheticEnvironment>[0],
    private readonly slope = 0.4,
  ) {
    super(options);
  }

  override performance(action: ArrayLike<number>): number {
    // Read from the prototype chain during super(): the field is not set yet there.
    return 1000 * (1 + (this.slope ?? 0.4) * Math.max(-1, Math.min(1, action[0]!)));
  }
}

describe('SessionRunner: the per-knob ablation after a significant recommendation', () => {
  let store: MetadataStore;
  let instanceId: string;
  const sessions: Array<{ id: string; surface: SyntheticEnvironment }> = [];

  function deps(target: SyntheticTarget, storeOfProcess: MetadataStore, workerId: string): SessionRunnerDeps {
    return {
      store: storeOfProcess,
      openEnvironment: syntheticEnvironment(target),
      openReplay: (id, stateDim, actionDim) => RedisReplayBuffer.open({ url: REDIS_URL, keyPrefix: KEY_PREFIX, session: id, stateDim, actionDim, capacity: 1000 }),
      workerId,
      heartbeatMs: 60_000,
    };
  }

  async function newSession(options: SessionOptions, slope = 0.4): Promise<{ id: string; target: SyntheticTarget }> {
    const surface = new OneKnobMatters({ knobs: 3, metrics: 4, noise: 0.02, seed: 5 }, slope);
    const target = new SyntheticTarget(surface);
    const session = await store.sessions.create(instanceId, {
      agent: 'random',
      iterations: 6,
      verifyRepeats: 3,
      seed: 3,
      benchmark: { scripts: [{ builtin: 'select-only' }], clients: 2, durationS: 1, warmupS: 0 },
      ...options,
    });
    sessions.push({ id: session.id, surface });
    return { id: session.id, target };
  }

  async function runSession(options: SessionOptions, slope = 0.4): Promise<{ id: string; target: SyntheticTarget }> {
    const session = await newSession(options, slope);
    const claimed = await store.sessions.claimNext('trainer-ablation', { sessionId: session.id });
    expect(await new SessionRunner(claimed!, deps(session.target, store, 'trainer-ablation')).run()).toBe('finished');
    return session;
  }

  beforeAll(async () => {
    store = await openTestStore(SCHEMA);
    instanceId = (await store.instances.upsert({ name: 'synthetic', collectorAddress: '127.0.0.1:1' })).id;
  });

  afterAll(async () => {
    for (const { id, surface } of sessions) {
      const buffer = await RedisReplayBuffer.open({ url: REDIS_URL, keyPrefix: KEY_PREFIX, session: id, stateDim: surface.stateDim, actionDim: surface.actionDim, capacity: 1000 });
      await buffer.clear();
      await buffer.close();
    }
    await store.close();
    await dropTestSchemas(SCHEMA);
  });

  it('runs after the verification, stores its runs as their own kind, and its verdicts reach the record, the report and the service', async () => {
    const { id, target } = await runSession({ ablationRounds: ABLATION_ROUNDS });
    const rows = await store.iterations.list(id);
    const report = (await store.recommendations.get(id)).report as unknown as VerificationRecord;
    expect(report.significant).toBe(true);
    const chosen = report.candidates.find((c) => c.label === report.chosen)!;
    const x1 = Number(chosen.knobs[0]!.value);
    expect(x1).toBeGreaterThan(0.3);

    // After every verification run: 1 + rounds x (3 knobs + the recommendation), the order reversing each round.
    const kinds = rows.map((r) => r.kind);
    expect(kinds.lastIndexOf('verify')).toBeLessThan(kinds.indexOf('ablation'));
    const ablationRuns = rows.filter((r) => r.kind === 'ablation');
    expect(ablationRuns).toHaveLength(1 + ABLATION_ROUNDS * 4);
    expect(ablationRuns.slice(0, 9).map((r) => r.metrics.label)).toEqual([
      'recommended',
      'without synthetic_1', 'without synthetic_2', 'without synthetic_3', 'recommended',
      'without synthetic_3', 'without synthetic_2', 'without synthetic_1', 'recommended',
    ]);
    const without1 = ablationRuns.find((r) => r.metrics.label === 'without synthetic_1')!;
    expect(without1.knobs).toEqual([{ name: 'synthetic_1', value: '0.00' }, ...chosen.knobs.slice(1)]);
    expect(without1.metrics).toMatchObject({ knob: 'synthetic_1', round: 0 });

    // The known answer.
    const ablation = report.ablation!;
    expect(ablation).toMatchObject({ rounds: ABLATION_ROUNDS, maxRounds: ABLATION_ROUNDS, skipped: null });
    expect(ablation.confidence).toBeCloseTo(1 - 0.05 / 3, 12);
    expect(ablation.knobs.map((k) => [k.knob, k.verdict])).toEqual([
      ['synthetic_1', 'carries gain'],
      ['synthetic_2', 'adds nothing measurable'],
      ['synthetic_3', 'adds nothing measurable'],
    ]);
    expect(ablation.knobs[0]!.tpsWorth.median).toBeCloseTo(1 + 0.4 * x1, 1);
    expect(ablation.knobs[0]).toMatchObject({ recommended: chosen.knobs[0]!.value, reverted: '0.00', rounds: ABLATION_ROUNDS });

    // The report rebuilds it from the store; the service answers with it.
    const doc = await buildReport(store, id);
    expect(doc.ablation!.knobs.map((k) => k.verdict)).toEqual(ablation.knobs.map((k) => k.verdict));
    expect(doc.iterations.filter((r) => r.kind === 'ablation').map((r) => r.label)).toEqual(ablationRuns.map((r) => r.metrics.label));
    expect(renderTerminalTable(doc).replace(/\n/g, ' ')).toContain(
      'Knobs that add nothing measurable: synthetic_2, synthetic_3; the rest (synthetic_1) carries the gain',
    );
    const answer = toRecommendationReport(await store.recommendations.get(id), await store.sessions.get(id));
    expect(answer.ablation!.map((k) => [k.knob, k.verdict])).toEqual(ablation.knobs.map((k) => [k.knob, k.verdict]));
    // The original configuration is back (no --apply-best), not the last ablation run's.
    expect(target.knobs()).toEqual(target.knobNames.map((name) => ({ name, value: '0.00' })));
  }, 60_000);

  it('ablation_rounds 0 runs none; without a significant recommendation there is none either', async () => {
    const off = await runSession({ ablationRounds: 0, applyBest: true });
    expect((await store.iterations.list(off.id, 'ablation')).length).toBe(0);
    const offRecommendation = await store.recommendations.get(off.id);
    const offReport = offRecommendation.report as unknown as VerificationRecord;
    expect(offReport.significant).toBe(true);
    // With no ablation run after the verification (which ends on a baseline run), only finish()'s
    // own run of the chosen configuration leaves it applied.
    expect(offReport.appliedBest).toBe(true);
    expect(off.target.knobs()).toEqual(offRecommendation.knobs);
    expect(offReport.ablation).toBeUndefined();
    expect((await buildReport(store, off.id)).ablation).toBeNull();

    const flat = await runSession({}, 0);
    const flatReport = (await store.recommendations.get(flat.id)).report as unknown as VerificationRecord;
    expect(flatReport.significant).toBe(false);
    expect((await store.iterations.list(flat.id, 'ablation')).length).toBe(0);
    expect(flatReport.ablation).toBeUndefined();
  }, 60_000);

  it('a trainer that dies during the ablation leaves its runs stored; the session resumes elsewhere and ablates again in full', async () => {
    const { id, target } = await newSession({ ablationRounds: 3, verifyRepeats: 3 });
    // Trainer A dies at its 3rd ablation run: after the 6 steps, 1 + 3 x 4 verification runs and 2 ablation runs.
    const storeA = await openTestStore(SCHEMA);
    const depsA = deps(target, storeA, 'trainer-a');
    const open = depsA.openEnvironment;
    depsA.openEnvironment = async (request) => {
      const env = await open(request);
      let measured = 0;
      let dead = false;
      return {
        ...env,
        measure: async (knobs) => {
          measured += 1;
          if (measured < 13 + 3) return env.measure(knobs);
          dead = true;
          await storeA.close();
          throw new Error('the trainer process was killed');
        },
        close: async (keep, original) => {
          if (!dead) await env.close(keep, original);
        },
      };
    };
    await new SessionRunner((await storeA.sessions.claimNext('trainer-a', { sessionId: id }))!, depsA).run();
    expect((await store.sessions.get(id)).status).toBe('verifying');
    expect((await store.iterations.list(id, 'ablation')).map((r) => r.metrics.label)).toEqual(['recommended', 'without synthetic_1']);

    const claimed = await store.sessions.claimNext('trainer-b', { sessionId: id, staleAfterMs: 0 });
    expect(await new SessionRunner(claimed!, deps(target, store, 'trainer-b')).run()).toBe('finished');
    const ablationRuns = await store.iterations.list(id, 'ablation');
    // The first attempt's 2 runs and the whole second one, numbered on.
    expect(ablationRuns.map((r) => r.n)).toEqual(Array.from({ length: 2 + 1 + 3 * 4 }, (_, i) => i + 1));
    const report = (await store.recommendations.get(id)).report as unknown as VerificationRecord;
    expect(report.ablation).toMatchObject({ rounds: 3, skipped: null });
    expect(report.ablation!.knobs.map((k) => k.verdict)).toEqual(['carries gain', 'adds nothing measurable', 'adds nothing measurable']);
    expect(target.knobs()).toEqual(target.knobNames.map((name) => ({ name, value: '0.00' })));
  }, 60_000);
});
