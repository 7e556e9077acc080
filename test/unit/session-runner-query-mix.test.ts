import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionOptions } from '../../proto/generated/autotune/v1/SessionOptions';
import { SyntheticEnvironment } from '../../model/synthetic-environment';
import type { IterationRecord } from '../../lib/store/iteration-repository';
import type { MetadataStore } from '../../lib/store/metadata-store';
import type { SessionRecord } from '../../lib/store/session-repository';
import type { DriftDecision } from '../../services/trainer/drift-test';
import type { StoredMix } from '../../services/trainer/query-mix-memory';
import { ScriptedQueryMix } from '../../services/trainer/scripted-query-mix';
import { SessionRunner } from '../../services/trainer/session-runner';
import { SyntheticTarget } from '../../services/trainer/synthetic-target';
import { syntheticEnvironment } from '../../services/trainer/synthetic-tuning-environment';
import { openRunnerFixture, WATCH_EVERY_SECOND, type RunnerFixture } from '../helpers/runner-fixture';
import { until } from '../helpers/service-process';

/**
 * The query-mix trigger through SessionRunner's real loop: the synthetic environment with a
 * scripted pg_stat_statements (the user's traffic between readings, and every benchmark run's
 * own statements on top, thousands of calls), a store schema of its own, the replay buffers in
 * the shared Redis (runner-fixture.ts). The surface never moves: TPS does not drift.
 */
const SURFACE = { knobs: 3, metrics: 4, baselineScore: [0.3, 0.35] as [number, number], noise: 0.02, seed: 3 };
const OPTIONS: SessionOptions = { ...WATCH_EVERY_SECOND, iterations: 4 };
/** The user's workload: calls per statement between two readings. */
const MIX_A = { '11': 6000, '22': 3000, '33': 1000 };
/** Half of the calls moved to a statement the reference never saw. */
const MIX_B = { '11': 3000, '22': 1500, '33': 500, '99': 5000 };

describe('SessionRunner: a change of the query mix opens a round', () => {
  let fixture: RunnerFixture;
  let store: MetadataStore;

  beforeAll(async () => {
    fixture = await openRunnerFixture('runner_query_mix');
    store = fixture.store;
  });

  afterAll(() => fixture.close());

  /** A session claimed by `worker` on an instance of its own: one a failed test leaves active does not hold the next test's. */
  async function claimed(options: SessionOptions, worker: string): Promise<SessionRecord> {
    const instance = await store.instances.upsert({ name: `synthetic-${randomUUID().slice(0, 8)}`, collectorAddress: '127.0.0.1:1' });
    return fixture.claimed(instance.id, { ...OPTIONS, ...options }, worker);
  }

  async function start(options: SessionOptions, worker: string, mix: ScriptedQueryMix, extra: { signal?: AbortSignal } = {}) {
    return runOn(await claimed(options, worker), worker, mix, extra);
  }

  function runOn(session: SessionRecord, worker: string, mix: ScriptedQueryMix, extra: { signal?: AbortSignal } = {}) {
    const target = new SyntheticTarget(new SyntheticEnvironment(SURFACE));
    const run = new SessionRunner(session, {
      store,
      workerId: worker,
      heartbeatMs: 100,
      signal: extra.signal,
      openReplay: fixture.openReplay,
      openEnvironment: syntheticEnvironment(target, { queryMix: mix }),
    }).run();
    return { id: session.id, run };
  }

  const waitFor = (what: string, check: () => Promise<boolean>, timeoutMs = 90_000) => until(what, check, timeoutMs, undefined, 50);

  const watchRows = (id: string): Promise<IterationRecord[]> => store.iterations.list(id, 'watch');
  const mixes = (rows: IterationRecord[]) => rows.flatMap((r) => (r.metrics.queryMix ? [{ round: r.round, mix: r.metrics.queryMix as StoredMix, drift: r.metrics.drift as DriftDecision }] : []));
  const compared = async (id: string) => mixes(await watchRows(id)).filter((m) => m.mix.state === 'compared').length;

  it('opens round 2 when the mix changes though TPS holds, the reason stored on the watch', async () => {
    const mix = new ScriptedQueryMix(MIX_A);
    const { id, run } = await start({ maxRounds: 2 }, 'trainer-mix-change', mix);
    await waitFor('a watch compared with the reference', async () => (await compared(id)) >= 1);
    mix.setTraffic(MIX_B);
    expect(await run).toBe('finished');

    expect((await store.recommendations.list(id)).map((r) => r.round)).toEqual([1, 2]);
    const round1 = mixes(await watchRows(id)).filter((m) => m.round === 1);
    // The first watch after the round took the reference (mix A); the benchmark's own statements are not in it.
    const reference = round1.find((m) => m.mix.state === 'reference')!;
    expect(Object.keys(reference.mix.shares!).sort()).toEqual(['11', '22', '33', 'other']);
    expect(reference.mix.shares!['11']).toBeCloseTo(0.6, 12);
    expect(reference.mix.calls).toBe(10_000);
    const trigger = round1.at(-1)!;
    expect(trigger.mix).toMatchObject({ state: 'compared', changed: true, threshold: 0.25 });
    expect(trigger.mix.distance).toBeCloseTo(0.5, 12);
    expect(trigger.mix.verdict).toBe('query mix changed: distance 0.50 > 0.25');
    // Not a drift: the throughput held; the mix alone opened the round.
    expect(trigger.drift.drifted).toBe(false);
    // Round 2's watches take a reference of their own: the new mix.
    expect((await store.iterations.list(id, 'baseline')).map((b) => b.round)).toEqual([1, 2]);
  });

  it('opens no round while the mix stays the same, however many benchmark runs the watches add', async () => {
    const mix = new ScriptedQueryMix(MIX_A);
    const { id, run } = await start({}, 'trainer-mix-same', mix);
    await waitFor('four compared watches', async () => (await compared(id)) >= 4);
    await store.sessions.setStatus(id, 'cancelled');
    expect(await run).toBe('cancelled');

    const watched = mixes(await watchRows(id));
    expect(watched.every((m) => m.round === 1 && !m.mix.changed)).toBe(true);
    for (const m of watched.filter((w) => w.mix.state === 'compared')) expect(m.mix).toMatchObject({ distance: 0, verdict: 'query mix unchanged: distance 0.00 <= 0.25' });
    expect((await store.recommendations.list(id)).map((r) => r.round)).toEqual([1]);
  });

  it('compares a resumed watch with the reference the store holds, not a new one', async () => {
    const mix = new ScriptedQueryMix(MIX_A);
    const dies = new AbortController();
    const first = await start({ maxRounds: 2 }, 'trainer-mix-dies', mix, { signal: dies.signal });
    await waitFor('a compared watch', async () => (await compared(first.id)) >= 1);
    // Retried: a claim skips the row while one of the first trainer's heartbeats holds it.
    let taken: SessionRecord | undefined;
    await waitFor('the takeover', async () => (taken = await store.sessions.claimNext('trainer-mix-resumes', { sessionId: first.id, staleAfterMs: 0 })) !== undefined);
    expect(taken?.status).toBe('watching');
    dies.abort('stopped');
    expect(await first.run).toBe('stopped');
    const before = await compared(first.id);

    const second = runOn(taken!, 'trainer-mix-resumes', mix);
    await waitFor('a compared watch of the resumed trainer', async () => (await compared(first.id)) > before);
    mix.setTraffic(MIX_B);
    expect(await second.run).toBe('finished');
    const round1 = mixes(await watchRows(first.id)).filter((m) => m.round === 1);
    // One reference for the round, taken by the first trainer; the second compared with it.
    expect(round1.filter((m) => m.mix.state === 'reference')).toHaveLength(1);
    expect(round1.at(-1)!.mix).toMatchObject({ state: 'compared', changed: true });
    expect((await store.recommendations.list(first.id)).map((r) => r.round)).toEqual([1, 2]);
  });

  it('decides nothing where pg_stat_statements is absent: each watch says so, and only drift opens a round', async () => {
    const session = await claimed({}, 'trainer-no-mix');
    const run = new SessionRunner(session, {
      store,
      workerId: 'trainer-no-mix',
      heartbeatMs: 100,
      openReplay: fixture.openReplay,
      openEnvironment: syntheticEnvironment(new SyntheticTarget(new SyntheticEnvironment(SURFACE))),
    }).run();
    await waitFor('two watches', async () => mixes(await watchRows(session.id)).length >= 2);
    await store.sessions.setStatus(session.id, 'cancelled');
    expect(await run).toBe('cancelled');
    const watched = mixes(await watchRows(session.id));
    expect(watched.every((m) => m.mix.state === 'unavailable' && m.mix.verdict === 'query mix not available: the synthetic server has no pg_stat_statements')).toBe(true);
  });
});
