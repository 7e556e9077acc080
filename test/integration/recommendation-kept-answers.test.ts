import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { KnobSetting__Output as KnobSetting } from '../../proto/generated/autotune/v1/KnobSetting';
import { latestFinishedSession } from '../../cli/remote/recommendation-output';
import { RecommendationClient } from '../../lib/grpc/clients/recommendation-client';
import { applySessionDefaults } from '../../lib/session/session-options';
import type { MetadataStore } from '../../lib/store/metadata-store';
import { StoreClient } from '../../lib/store/store-client';
import { startRecommendation } from '../../services/recommendation/start-recommendation';
import { dropTestSchemas, openTestStore, uniqueSchemaName } from '../helpers/test-store';
import { BASELINE_KNOBS, measuredRun, RECOMMENDED_KNOBS, verifiedRecommendation } from '../helpers/verified-recommendation';

/**
 * The kept answers of finished sessions (services/recommendation/finished-report-cache.ts)
 * over gRPC and the real store: a cached GetRecommendation reads nothing from the store, a
 * burst of calls on a cold session builds once, and what another process changes (a decision,
 * a replaced recommendation) is shown at the first recheck, which these tests reach by
 * stepping the service's clock rather than waiting.
 */
const schema = uniqueSchemaName('kept_answers_test');
const RECHECK_MS = 1_000;

describe('Kept answers of finished sessions, over gRPC and the real store', () => {
  let store: MetadataStore;
  let server: Awaited<ReturnType<typeof startRecommendation>>;
  let client: RecommendationClient;
  let clock = 0;
  let instances = 0;

  /** Counts the store queries this process sends (the service's and the test's own) from now on. */
  const countQueries = () => vi.spyOn(StoreClient.prototype, 'query');

  /** A finished session on an instance of its own, its recommendation stored as a trainer leaves it. */
  async function finishedSession(options: { knobs?: KnobSetting[]; approvalState?: 'none' | 'pending'; instanceId?: string } = {}) {
    const instanceId = options.instanceId ?? (await store.instances.upsert({ name: `kept-db-${++instances}`, collectorAddress: '127.0.0.1:1' })).id;
    const session = await store.sessions.create(instanceId, applySessionDefaults({ iterations: 2 }));
    await store.iterations.insert(measuredRun(session.id, 'baseline', 1, 100));
    for (let n = 1; n <= 2; n++) await store.iterations.insert(measuredRun(session.id, 'step', n, 100 + n));
    const knobs = options.knobs ?? RECOMMENDED_KNOBS;
    await store.recommendations.save({
      sessionId: session.id,
      knobs,
      report: { ...verifiedRecommendation({ baselineKnobs: BASELINE_KNOBS, recommended: knobs }) },
      approvalState: options.approvalState ?? 'none',
    });
    await store.sessions.setStatus(session.id, 'finished');
    return { sessionId: session.id, instanceId };
  }

  beforeAll(async () => {
    store = await openTestStore(schema);
    server = await startRecommendation({ store, port: 0, finishedCache: { recheckMs: RECHECK_MS, now: () => clock } });
    client = new RecommendationClient(server.address);
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  afterAll(async () => {
    client?.close();
    await server?.stop();
    await store?.close();
    await dropTestSchemas(schema);
  });

  it('answers a finished session from memory with no store query until the recheck, then one version read', async () => {
    const { sessionId } = await finishedSession();
    const first = await client.getRecommendation(sessionId);
    expect(first.recommendedKnobs).toEqual(RECOMMENDED_KNOBS);
    const queries = countQueries();
    const answers = [];
    for (let i = 0; i < 20; i++) answers.push(await client.getRecommendation(sessionId));
    answers.push(...(await Promise.all(Array.from({ length: 30 }, () => client.getRecommendation(sessionId)))));
    expect(queries).toHaveBeenCalledTimes(0);
    // The kept bytes decode to exactly what the first build answered.
    for (const answer of answers) expect(answer).toEqual(first);
    clock += RECHECK_MS;
    expect(await client.getRecommendation(sessionId)).toEqual(first);
    // The session's status and the recommendation's version, by primary key.
    expect(queries).toHaveBeenCalledTimes(2);
  });

  it('builds a cold session once for a burst of calls that arrive together', async () => {
    const one = await finishedSession();
    const queries = countQueries();
    await client.getRecommendation(one.sessionId);
    const perBuild = queries.mock.calls.length;
    expect(perBuild).toBeGreaterThan(0);
    const other = await finishedSession();
    queries.mockClear();
    const burst = await Promise.all(Array.from({ length: 40 }, () => client.getRecommendation(other.sessionId)));
    expect(queries).toHaveBeenCalledTimes(perBuild);
    expect(new Set(burst.map((r) => JSON.stringify(r))).size).toBe(1);
  });

  it('shows a decision or a replaced recommendation stored by another process at the first recheck, and never keeps a pending one', async () => {
    const { sessionId } = await finishedSession({ approvalState: 'pending' });
    expect((await client.getRecommendation(sessionId)).approvalState).toBe('pending');
    // What ApproveRecommendation in another Recommendation process stores: shown at once, since pending is never kept.
    await store.recommendations.decide(sessionId, 'approved', 'bob');
    expect(await client.getRecommendation(sessionId)).toMatchObject({ approvalState: 'approved', decidedBy: 'bob' });

    // That process's change did not take: pending again. Kept until the recheck, then shown.
    await store.recommendations.reopen(sessionId);
    expect((await client.getRecommendation(sessionId)).approvalState).toBe('approved');
    clock += RECHECK_MS;
    expect(await client.getRecommendation(sessionId)).toMatchObject({ approvalState: 'pending', decidedBy: '' });

    await store.recommendations.decide(sessionId, 'rejected', 'carol');
    expect(await client.getRecommendation(sessionId)).toMatchObject({ approvalState: 'rejected', decidedBy: 'carol' });

    // A recommendation stored again for a session (Finish run again), with nothing to decide on either: a newer version.
    const unattended = await finishedSession();
    expect((await client.getRecommendation(unattended.sessionId)).recommendedKnobs).toEqual(RECOMMENDED_KNOBS);
    const replaced = [{ name: 'work_mem', value: '65536' }];
    await store.recommendations.save({ sessionId: unattended.sessionId, knobs: replaced, report: { ...verifiedRecommendation({ recommended: replaced }) } });
    expect((await client.getRecommendation(unattended.sessionId)).recommendedKnobs).toEqual(RECOMMENDED_KNOBS);
    clock += RECHECK_MS;
    const shown = await client.getRecommendation(unattended.sessionId);
    expect(shown).toMatchObject({ recommendedKnobs: replaced, approvalState: 'none', decidedBy: '' });
    expect(shown.alterSystem).toEqual(["ALTER SYSTEM SET work_mem = '64MB';"]);
  });

  it("follows an instance's newest finished session at once (recommend INSTANCE), whatever older ones it keeps", async () => {
    const older = await finishedSession();
    expect((await client.getRecommendation(older.sessionId)).recommendedKnobs).toEqual(RECOMMENDED_KNOBS);
    const newerKnobs = [{ name: 'work_mem', value: '32768' }];
    const newer = await finishedSession({ instanceId: older.instanceId, knobs: newerKnobs });
    const latest = await latestFinishedSession(client, older.instanceId);
    expect(latest).toBe(newer.sessionId);
    expect((await client.getRecommendation(latest)).recommendedKnobs).toEqual(newerKnobs);
    expect((await client.getRecommendation(older.sessionId)).recommendedKnobs).toEqual(RECOMMENDED_KNOBS);
  });
});
