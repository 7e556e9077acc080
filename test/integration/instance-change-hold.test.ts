import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FailedPreconditionError, NotFoundError } from '../../lib/core/errors';
import { CONFIGURATION_CHANGE_HOLD } from '../../lib/grpc/service-defaults';
import type { MetadataStore } from '../../lib/store/metadata-store';
import { dropTestSchemas, openTestStore, testServerTarget, uniqueSchemaName } from '../helpers/test-store';

/**
 * A configuration change through the API (approval, rollback) and a new session on the same
 * instance, decided under the instance's row lock in the real store: never both. Two stores
 * on one schema stand for two processes (the Recommendation service approving, another
 * creating a session), each with a pool of its own.
 */
const schema = uniqueSchemaName('change_hold_test');

describe('the change in progress on an instance against creating a session', () => {
  let approver: MetadataStore;
  let starter: MetadataStore;
  let instances = 0;
  const newInstance = () => approver.instances.upsert({ name: `hold-db-${++instances}`, collectorAddress: '127.0.0.1:7002' });
  const jitter = () => new Promise((r) => setTimeout(r, Math.random() * 6));

  /** Makes the instance's hold look older than CONFIGURATION_CHANGE_HOLD.staleAfterMs, as if its process had died. */
  async function ageHolds(instanceId: string): Promise<void> {
    const admin = new Client(testServerTarget().clientConfig());
    await admin.connect();
    try {
      const age = `${CONFIGURATION_CHANGE_HOLD.staleAfterMs / 1000 + 1} seconds`;
      await admin.query(`UPDATE ${admin.escapeIdentifier(schema)}.change_holds SET since = now() - $1::interval WHERE instance_id = $2`, [age, instanceId]);
    } finally {
      await admin.end();
    }
  }

  beforeAll(async () => {
    approver = await openTestStore(schema);
    starter = await openTestStore(schema);
  });

  afterAll(async () => {
    await approver?.close();
    await starter?.close();
    await dropTestSchemas(schema);
  });

  it('lets exactly one of a concurrent change and session start, the loser naming the winner (many tries)', async () => {
    const wins = { change: 0, session: 0 };
    for (let i = 0; i < 40; i++) {
      const instance = await newInstance();
      const holder = `approval of session s-${i}'s recommendation by alice`;
      const [change, session] = await Promise.allSettled([
        jitter().then(() => approver.changes.begin(instance.id, holder)),
        jitter().then(() => starter.sessions.create(instance.name, {})),
      ]);
      const active = await approver.sessions.active(instance.id);
      if (change.status === 'fulfilled') {
        wins.change++;
        expect(session.status, `try ${i}`).toBe('rejected');
        const reason = (session as PromiseRejectedResult).reason as Error;
        expect(reason).toBeInstanceOf(FailedPreconditionError);
        expect(reason.message).toContain(`instance "${instance.name}" has a configuration change in progress (${holder}, since `);
        expect(active).toBeUndefined();
      } else {
        wins.session++;
        expect(session.status, `try ${i}`).toBe('fulfilled');
        const winner = (session as PromiseFulfilledResult<{ id: string }>).value.id;
        expect(change.reason).toBeInstanceOf(FailedPreconditionError);
        expect((change.reason as Error).message).toBe(
          `instance ${instance.name} has an active session ${winner} (pending); wait for it to end or stop it first`,
        );
        expect(active?.id).toBe(winner);
      }
    }
    // Both orders happened, so both refusals were exercised, not only the one a fixed timing gives.
    expect(wins.change, JSON.stringify(wins)).toBeGreaterThan(0);
    expect(wins.session, JSON.stringify(wins)).toBeGreaterThan(0);
  }, 120_000);

  it('allows one change at a time, frees the instance when it ends, and ignores the token of another', async () => {
    const instance = await newInstance();
    const token = await approver.changes.begin(instance.name, 'rollback by bob');
    await expect(starter.changes.begin(instance.id, 'rollback by carol')).rejects.toThrow(/configuration change in progress \(rollback by bob, since /);
    await approver.changes.end(instance.id, '00000000-0000-4000-8000-000000000000');
    await expect(starter.sessions.create(instance.id, {})).rejects.toThrow(FailedPreconditionError);
    await approver.changes.end(instance.id, token);
    expect((await starter.sessions.create(instance.id, {})).status).toBe('pending');
    await expect(approver.changes.begin('no-such-db', 'rollback by bob')).rejects.toThrow(NotFoundError);
  });

  it("keeps a renewed hold from lapsing (a watch's), and tells a renewal whose hold was replaced", async () => {
    const instance = await newInstance();
    const watch = await approver.changes.begin(instance.id, 'watch of session s-1');
    await ageHolds(instance.id);
    expect(await approver.changes.renew(instance.id, watch)).toBe(true);
    await expect(starter.changes.begin(instance.id, 'approval by alice')).rejects.toThrow(/configuration change in progress \(watch of session s-1, since /);
    // Stale again, and replaced: the old holder's renewal takes nothing back.
    await ageHolds(instance.id);
    const approval = await starter.changes.begin(instance.id, 'approval by alice');
    expect(await approver.changes.renew(instance.id, watch)).toBe(false);
    await expect(approver.changes.begin(instance.id, 'watch of session s-1')).rejects.toThrow(/approval by alice/);
    await starter.changes.end(instance.id, approval);
  });

  it("reclaims a hold under the same holder only when asked (a watch of a session taken over), never another change's", async () => {
    const instance = await newInstance();
    const dead = await approver.changes.begin(instance.id, 'watch of session s-2');
    await expect(starter.changes.begin(instance.id, 'watch of session s-2')).rejects.toThrow(/watch of session s-2, since /);
    const reclaimed = await starter.changes.begin(instance.id, 'watch of session s-2', { reclaim: true });
    expect(reclaimed).not.toBe(dead);
    await approver.changes.end(instance.id, dead);
    await expect(approver.changes.begin(instance.id, 'approval by alice')).rejects.toThrow(/watch of session s-2/);
    await starter.changes.end(instance.id, reclaimed);
    const approval = await approver.changes.begin(instance.id, 'approval by alice');
    await expect(starter.changes.begin(instance.id, 'watch of session s-2', { reclaim: true })).rejects.toThrow(/approval by alice/);
    await approver.changes.end(instance.id, approval);
  });

  it('counts a watching session as holding the instance against deregistering it, but lets a change begin beside it (a watch holds by changes of its own)', async () => {
    const instance = await newInstance();
    const session = await starter.sessions.create(instance.id, { continuous: true });
    await starter.sessions.setStatus(session.id, 'watching');
    await expect(approver.instances.remove(instance.id)).rejects.toThrow(
      new FailedPreconditionError(`instance "${instance.name}" has an active session ${session.id} (watching); stop it before you deregister it`),
    );
    const approval = await approver.changes.begin(instance.id, 'approval by alice');
    await approver.changes.end(instance.id, approval);
    // Any other active status refuses the change, naming the session.
    await starter.sessions.setStatus(session.id, 'running');
    await expect(approver.changes.begin(instance.id, 'approval by alice')).rejects.toThrow(`active session ${session.id} (running)`);
    await starter.sessions.setStatus(session.id, 'cancelled');
    await approver.instances.remove(instance.id);
    await expect(approver.instances.get(instance.id)).rejects.toThrow(NotFoundError);
  });

  it('lets a hold lapse whose process died in the change, and a new change replace it', async () => {
    const instance = await newInstance();
    const dead = await approver.changes.begin(instance.id, 'approval by a process that was killed');
    await ageHolds(instance.id);
    const token = await starter.changes.begin(instance.id, 'rollback by bob');
    expect(token).not.toBe(dead);
    // The dead process's end, should it come after all, leaves the new change its hold.
    await approver.changes.end(instance.id, dead);
    await expect(starter.sessions.create(instance.id, {})).rejects.toThrow(/rollback by bob/);
  });
});
