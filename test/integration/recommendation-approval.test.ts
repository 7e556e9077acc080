import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KnobSetting__Output as KnobSetting } from '../../proto/generated/autotune/v1/KnobSetting';
import { FailedPreconditionError, InvalidArgumentError, NotFoundError, UnavailableError } from '../../lib/core/errors';
import { CollectorClient } from '../../lib/grpc/clients/collector-client';
import { RecommendationClient } from '../../lib/grpc/clients/recommendation-client';
import { pgCtlControl } from '../../lib/postgres/server-control';
import { applySessionDefaults } from '../../lib/session/session-options';
import type { MetadataStore } from '../../lib/store/metadata-store';
import { startCollector } from '../../services/collector/start-collector';
import { startRecommendation } from '../../services/recommendation/start-recommendation';
import { WatchHold } from '../../services/trainer/watch-hold';
import { startSandbox, type SandboxFixture } from '../helpers/sandbox-fixture';
import { serverSetting } from '../helpers/server-setting';
import { dropTestSchemas, openTestStore, uniqueSchemaName } from '../helpers/test-store';
import { verifiedRecommendation } from '../helpers/verified-recommendation';

/**
 * ApproveRecommendation, RejectRecommendation and RollbackInstance over gRPC, against a real
 * collector on a sandbox server and the store in a schema of its own on the shared server.
 * Each test uses an instance of its own, served by the one collector; the server is put back
 * on its original between tests.
 */
const schema = uniqueSchemaName('approval_test');

/** The sandbox's own values (PostgreSQL's defaults) and a recommendation that changes both. */
const ORIGINAL: KnobSetting[] = [
  { name: 'work_mem', value: '4096' },
  { name: 'random_page_cost', value: '4' },
];
const RECOMMENDED: KnobSetting[] = [
  { name: 'work_mem', value: '16384' },
  { name: 'random_page_cost', value: '1.5' },
];


describe('Approval, rejection and rollback of recommendations through a real collector', () => {
  let sandbox: SandboxFixture;
  let collector: Awaited<ReturnType<typeof startCollector>>;
  let collectorClient: CollectorClient;
  let store: MetadataStore;
  let server: Awaited<ReturnType<typeof startRecommendation>>;
  let client: RecommendationClient;
  let instances = 0;

  const live = async () => Promise.all(ORIGINAL.map(async (k) => ({ name: k.name, value: await serverSetting(sandbox.target, k.name) })));

  /** A finished session (on an instance of its own) whose recommendation is stored as the trainer would. */
  async function finishedSession(options: { significant?: boolean; approvalState?: 'none' | 'pending'; collectorAddress?: string } = {}) {
    const instance = await store.instances.upsert({ name: `approval-db-${++instances}`, collectorAddress: options.collectorAddress ?? collector.address });
    const session = await store.sessions.create(instance.id, applySessionDefaults({ requireApproval: true }));
    const significant = options.significant ?? true;
    await store.recommendations.save({
      sessionId: session.id,
      knobs: significant ? RECOMMENDED : ORIGINAL,
      report: {
        ...verifiedRecommendation({ baselineKnobs: ORIGINAL, recommended: RECOMMENDED, significant, summary: significant ? 'TPS +20.0%' : 'no significant improvement' }),
      },
      approvalState: options.approvalState ?? (significant ? 'pending' : 'none'),
    });
    await store.sessions.setStatus(session.id, 'finished');
    return { sessionId: session.id, instance };
  }

  beforeAll(async () => {
    sandbox = await startSandbox({ scale: 1 });
    collector = await startCollector({
      target: sandbox.target,
      control: pgCtlControl(sandbox.pgCtl),
      dataDir: sandbox.dataDir,
      stateDir: path.join(sandbox.baseDir, 'collector-state'),
      port: 0,
    });
    collectorClient = new CollectorClient(collector.address);
    store = await openTestStore(schema);
    server = await startRecommendation({ store, port: 0, finishedCache: { recheckMs: 0 } });
    client = new RecommendationClient(server.address);
  }, 120_000);

  afterAll(async () => {
    client?.close();
    await server?.stop();
    await store?.close();
    collectorClient?.close();
    await collector?.stop();
    await sandbox?.stop();
    await dropTestSchemas(schema);
  });

  it('approve applies exactly the recommended values, keeps them, and audits who and what it replaced; rollback puts the original back', async () => {
    const { sessionId, instance } = await finishedSession();
    expect(await client.getRecommendation(sessionId)).toMatchObject({ approvalState: 'pending', decidedBy: '' });
    expect(await live()).toEqual(ORIGINAL);

    const approved = await client.approveRecommendation(sessionId, 'alice');
    expect(approved).toMatchObject({ sessionId, approvalState: 'approved', decidedBy: 'alice' });
    expect(await live()).toEqual(RECOMMENDED);
    // KeepKnobs: the collector's recorded original is now the approved configuration.
    await collectorClient.resetKnobs();
    expect(await live()).toEqual(RECOMMENDED);
    const [row] = await store.audit.list(instance.id);
    expect(row).toMatchObject({ sessionId, action: 'approve', actor: 'alice', appliedKnobs: RECOMMENDED, replacedKnobs: ORIGINAL, outcome: 'applied', reverts: null });

    const rollback = await client.rollbackInstance(instance.name, 'bob');
    expect(rollback).toMatchObject({ instanceId: instance.id, sessionId, action: 'rollback', actor: 'bob', appliedKnobs: ORIGINAL, replacedKnobs: RECOMMENDED, outcome: 'applied' });
    expect(rollback.atMs).toBeGreaterThan(0);
    expect(await live()).toEqual(ORIGINAL);
    await collectorClient.resetKnobs();
    expect(await live()).toEqual(ORIGINAL);
    expect((await store.audit.list(instance.id))[0]).toMatchObject({ action: 'rollback', reverts: row!.id });

    // Nothing applied is left unreverted.
    const again = await client.rollbackInstance(instance.name, 'bob').catch((e: unknown) => e);
    expect(again).toBeInstanceOf(FailedPreconditionError);
    expect((again as Error).message).toMatch(/no applied change left to roll back/);
  }, 120_000);

  it('a rejected recommendation applies nothing, and cannot be approved afterwards', async () => {
    const { sessionId, instance } = await finishedSession();
    expect(await client.rejectRecommendation(sessionId, 'carol')).toMatchObject({ approvalState: 'rejected', decidedBy: 'carol' });
    const err = await client.approveRecommendation(sessionId, 'alice').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FailedPreconditionError);
    expect((err as Error).message).toMatch(/not pending: it was already rejected by carol/);
    await expect(client.rejectRecommendation(sessionId, 'carol')).rejects.toThrow(FailedPreconditionError);
    expect(await live()).toEqual(ORIGINAL);
    expect(await store.audit.list(instance.id)).toEqual([]);
  }, 60_000);

  it('refuses to approve a recommendation that is not significant, or one nobody was asked about', async () => {
    const notSignificant = await finishedSession({ significant: false });
    const err = await client.approveRecommendation(notSignificant.sessionId, 'alice').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FailedPreconditionError);
    expect((err as Error).message).toMatch(/not significant/);
    const unattended = await finishedSession({ approvalState: 'none' });
    await expect(client.approveRecommendation(unattended.sessionId, 'alice')).rejects.toThrow(/did not ask for approval/);
    expect(await live()).toEqual(ORIGINAL);
  }, 60_000);

  it('answers NOT_FOUND for an unknown session or instance, and INVALID_ARGUMENT naming a missing field', async () => {
    await expect(client.approveRecommendation('00000000-0000-0000-0000-000000000000', 'alice')).rejects.toThrow(NotFoundError);
    await expect(client.rejectRecommendation('no-such-session', 'alice')).rejects.toThrow(NotFoundError);
    await expect(client.rollbackInstance('no-such-db', 'alice')).rejects.toThrow(NotFoundError);
    const { sessionId } = await finishedSession();
    const missing = await client.approveRecommendation(sessionId, '').catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(InvalidArgumentError);
    expect((missing as InvalidArgumentError).field).toBe('approver');
    await expect(client.approveRecommendation('', 'alice')).rejects.toThrow(/session_id/);
  }, 60_000);

  it('refuses while a session is active on the instance, naming it', async () => {
    const { sessionId, instance } = await finishedSession();
    const running = await store.sessions.create(instance.id, applySessionDefaults({}));
    const err = await client.approveRecommendation(sessionId, 'alice').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FailedPreconditionError);
    expect((err as Error).message).toContain(running.id);
    await expect(client.rollbackInstance(instance.name, 'alice')).rejects.toThrow(running.id);
    expect((await client.getRecommendation(sessionId)).approvalState).toBe('pending');
    expect(await live()).toEqual(ORIGINAL);
  }, 60_000);

  it('lets exactly one of an approval and a session started at once go ahead, the loser naming the other (many tries)', async () => {
    const wins = { approval: 0, session: 0 };
    for (let i = 0; i < 8; i++) {
      const { sessionId, instance } = await finishedSession();
      // From at once to well into the approval's change (which takes a reload and a health query).
      const delayMs = (i % 4) * 50 + Math.random() * 20;
      const [approved, started] = await Promise.allSettled([
        client.approveRecommendation(sessionId, 'alice'),
        new Promise((r) => setTimeout(r, delayMs)).then(() => store.sessions.create(instance.id, applySessionDefaults({}))),
      ]);
      if (approved.status === 'fulfilled') {
        wins.approval++;
        expect(started.status, `try ${i}`).toBe('rejected');
        const reason = (started as PromiseRejectedResult).reason as Error;
        expect(reason).toBeInstanceOf(FailedPreconditionError);
        expect(reason.message).toContain(`configuration change in progress (approval of session ${sessionId}'s recommendation by alice, since `);
        expect(await store.sessions.active(instance.id)).toBeUndefined();
        expect(await live()).toEqual(RECOMMENDED);
        await client.rollbackInstance(instance.name, 'alice');
      } else {
        wins.session++;
        expect(started.status, `try ${i}`).toBe('fulfilled');
        const session = (started as PromiseFulfilledResult<{ id: string }>).value;
        expect(approved.reason).toBeInstanceOf(FailedPreconditionError);
        expect((approved.reason as Error).message).toContain(`active session ${session.id}`);
        // Nothing was applied, nor audited, and the recommendation still waits.
        expect(await store.audit.list(instance.id)).toEqual([]);
        expect((await client.getRecommendation(sessionId)).approvalState).toBe('pending');
        await store.sessions.setStatus(session.id, 'cancelled');
      }
      expect(await live()).toEqual(ORIGINAL);
    }
    expect(wins.approval + wins.session).toBe(8);
  }, 180_000);

  it("approves a watching continuous session's latest round between two watches, refused naming the watch during one, and rolls it back", async () => {
    const instance = await store.instances.upsert({ name: `approval-db-${++instances}`, collectorAddress: collector.address });
    const session = await store.sessions.create(instance.id, applySessionDefaults({ requireApproval: true, continuous: true }));
    const report = (significant: boolean) => ({
      ...verifiedRecommendation({ baselineKnobs: ORIGINAL, recommended: RECOMMENDED, significant, summary: significant ? 'TPS +20.0%' : 'no significant improvement' }),
    });
    await store.recommendations.save({ sessionId: session.id, round: 1, knobs: ORIGINAL, report: report(false), approvalState: 'none' });
    await store.recommendations.save({ sessionId: session.id, round: 2, knobs: RECOMMENDED, report: report(true), approvalState: 'pending' });
    await store.sessions.setStatus(session.id, 'watching');

    // During a watch (the trainer's hold, as the session runner begins it): FAILED_PRECONDITION over gRPC, naming the watch.
    const watch = await WatchHold.begin({ store, instanceId: instance.id, sessionId: session.id, signal: new AbortController().signal });
    const refused = await client.approveRecommendation(session.id, 'alice').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(FailedPreconditionError);
    expect((refused as Error).message).toContain(`configuration change in progress (watch of session ${session.id}, since `);
    await expect(client.rollbackInstance(instance.name, 'bob')).rejects.toThrow(`watch of session ${session.id}`);
    expect(await live()).toEqual(ORIGINAL);
    await watch.end();

    expect(await client.approveRecommendation(session.id, 'alice')).toMatchObject({ round: 2, approvalState: 'approved', decidedBy: 'alice' });
    expect(await live()).toEqual(RECOMMENDED);
    expect((await store.recommendations.list(session.id)).map((r) => [r.round, r.approvalState])).toEqual([
      [1, 'none'],
      [2, 'approved'],
    ]);
    await client.rollbackInstance(instance.name, 'bob');
    expect(await live()).toEqual(ORIGINAL);
    await store.sessions.setStatus(session.id, 'cancelled');
  }, 60_000);

  it('answers UNAVAILABLE when the collector does not answer, audits the failure, and leaves the recommendation pending', async () => {
    const { sessionId, instance } = await finishedSession({ collectorAddress: '127.0.0.1:1' });
    await expect(client.approveRecommendation(sessionId, 'alice')).rejects.toThrow(UnavailableError);
    expect((await client.getRecommendation(sessionId)).approvalState).toBe('pending');
    const [row] = await store.audit.list(instance.id);
    expect(row).toMatchObject({ action: 'approve', actor: 'alice', outcome: expect.stringMatching(/^failed: /) });
    // A failed change is nothing to roll back.
    await expect(client.rollbackInstance(instance.name, 'alice')).rejects.toThrow(/no applied change left/);
  }, 60_000);

  it('lets exactly one of two racing approvers decide', async () => {
    const { sessionId, instance } = await finishedSession();
    const calls = await Promise.allSettled([client.approveRecommendation(sessionId, 'alice'), client.approveRecommendation(sessionId, 'bob')]);
    expect(calls.filter((c) => c.status === 'fulfilled')).toHaveLength(1);
    const lost = calls.find((c) => c.status === 'rejected') as PromiseRejectedResult;
    expect(lost.reason).toBeInstanceOf(FailedPreconditionError);
    expect(await live()).toEqual(RECOMMENDED);
    expect((await store.audit.list(instance.id)).filter((r) => r.outcome === 'applied')).toHaveLength(1);
    await client.rollbackInstance(instance.name, 'alice');
    expect(await live()).toEqual(ORIGINAL);
  }, 120_000);

  it("serves a finished session's approval as it changes, through the kept answers of finished sessions", async () => {
    // The default recheck interval (5 s): a pending recommendation must never be the kept answer.
    const cached = await startRecommendation({ store, port: 0 });
    const cachedClient = new RecommendationClient(cached.address);
    try {
      const { sessionId, instance } = await finishedSession();
      expect((await cachedClient.getRecommendation(sessionId)).approvalState).toBe('pending');
      await client.approveRecommendation(sessionId, 'alice');
      expect(await cachedClient.getRecommendation(sessionId)).toMatchObject({ approvalState: 'approved', decidedBy: 'alice' });
      await client.rollbackInstance(instance.name, 'alice');
    } finally {
      cachedClient.close();
      await cached.stop();
    }
    expect(await live()).toEqual(ORIGINAL);
  }, 60_000);

  it('audits a change the collector rolled back, answers FAILED_PRECONDITION with its reason, and leaves the recommendation pending', async () => {
    // The real collector for reads and KeepKnobs; its ApplyKnobs answers as after a server that did not come back.
    const refusing = await startRecommendation({
      store,
      port: 0,
      connectCollector: (address) => {
        const real = new CollectorClient(address);
        return Object.assign(real, {
          applyKnobs: async () => ({ applied: false, restarted: true, rolledBack: true, error: 'the server did not come back', inEffect: [], pendingRestart: [] }),
        });
      },
    });
    const refusingClient = new RecommendationClient(refusing.address);
    try {
      const { sessionId, instance } = await finishedSession();
      const err = await refusingClient.approveRecommendation(sessionId, 'alice').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(FailedPreconditionError);
      expect((err as Error).message).toContain('rolled it back (the server did not come back)');
      expect((await client.getRecommendation(sessionId)).approvalState).toBe('pending');
      expect((await store.audit.list(instance.id))[0]).toMatchObject({ action: 'approve', outcome: 'rolled back: the server did not come back', replacedKnobs: ORIGINAL });
    } finally {
      refusingClient.close();
      await refusing.stop();
    }
    expect(await live()).toEqual(ORIGINAL);
  }, 60_000);
});
