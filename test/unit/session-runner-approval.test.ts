import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KnobSetting__Output as KnobSetting } from '../../proto/generated/autotune/v1/KnobSetting';
import type { SessionOptions } from '../../proto/generated/autotune/v1/SessionOptions';
import { MemoryReplayBuffer } from '../../model/replay/memory-replay-buffer';
import { SyntheticEnvironment } from '../../model/synthetic-environment';
import { applySessionDefaults } from '../../lib/session/session-options';
import type { MetadataStore } from '../../lib/store/metadata-store';
import type { VerificationRecord } from '../../lib/store/verification-record';
import { SessionRunner } from '../../services/trainer/session-runner';
import { SyntheticTarget } from '../../services/trainer/synthetic-target';
import { syntheticEnvironment } from '../../services/trainer/synthetic-tuning-environment';
import { dropTestSchemas, openTestStore, uniqueSchemaName } from '../helpers/test-store';

/**
 * What SessionRunner's finish does with a recommendation that waits for a person
 * (require_approval) and with one it keeps unattended (apply_best), through its real loop
 * over the synthetic surface (a store schema of its own on the shared server). The surface is
 * session-runner-restore.test.ts's: a clear winner in 3 rounds, nothing callable in 2.
 */
const SCHEMA = uniqueSchemaName('runner_approval');
const ORIGINAL: KnobSetting[] = ['0.00', '0.00', '0.00'].map((value, i) => ({ name: `synthetic_${i + 1}`, value }));

describe('SessionRunner: approval and the audit of apply-best', () => {
  let store: MetadataStore;
  let instanceId: string;

  beforeAll(async () => {
    store = await openTestStore(SCHEMA);
    instanceId = (await store.instances.upsert({ name: 'synthetic', collectorAddress: '127.0.0.1:1' })).id;
  });

  afterAll(async () => {
    await store.close();
    await dropTestSchemas(SCHEMA);
  });

  async function runSession(options: Partial<SessionOptions>) {
    const target = new SyntheticTarget(new SyntheticEnvironment({ knobs: 3, metrics: 4, noise: 0.01, baselineScore: [0.3, 0.35], seed: 3 }));
    const closings: boolean[] = [];
    const synthetic = syntheticEnvironment(target);
    // Through the service's own validation, as CreateSession stores them.
    const session = await store.sessions.create(
      instanceId,
      applySessionDefaults({ iterations: 6, verifyRepeats: 3, seed: 7, benchmark: { scripts: [{ builtin: 'select-only' }], clients: 2, durationS: 1, warmupS: 0 }, ...options }),
    );
    const claimed = await store.sessions.claimNext('trainer-approval', { sessionId: session.id });
    const end = await new SessionRunner(claimed!, {
      store,
      workerId: 'trainer-approval',
      heartbeatMs: 60_000,
      openReplay: async (_id, stateDim, actionDim) => new MemoryReplayBuffer({ stateDim, actionDim, capacity: 100 }),
      openEnvironment: async (request) => {
        const env = await synthetic(request);
        return { ...env, close: async (keepCurrent, original) => (closings.push(keepCurrent), env.close(keepCurrent, original)) };
      },
    }).run();
    const recommendation = await store.recommendations.get(session.id);
    const audit = (await store.audit.list(instanceId)).filter((row) => row.sessionId === session.id);
    return { end, target, closings, recommendation, report: recommendation.report as unknown as VerificationRecord, audit };
  }

  it('leaves the server on its original and a significant recommendation pending, with nothing audited', async () => {
    const { end, target, closings, recommendation, report, audit } = await runSession({ requireApproval: true });
    expect(end).toBe('finished');
    expect(report.significant).toBe(true);
    expect(report.appliedBest).toBe(false);
    expect(closings).toEqual([false]);
    expect(target.knobs()).toEqual(ORIGINAL);
    expect(recommendation).toMatchObject({ approvalState: 'pending', decidedBy: null });
    expect(recommendation.knobs).toEqual(report.candidates.find((c) => c.label === report.chosen)!.knobs);
    expect(audit).toEqual([]);
  });

  it('asks nobody about a recommendation that is not significant (2 rounds)', async () => {
    const { end, target, recommendation, report } = await runSession({ requireApproval: true, verifyRepeats: 2 });
    expect(end).toBe('finished');
    expect(report.significant).toBe(false);
    expect(target.knobs()).toEqual(ORIGINAL);
    expect(recommendation.approvalState).toBe('none');
  });

  it('audits apply-best: what it applied, and the original it replaced (what a rollback puts back)', async () => {
    const { end, target, closings, recommendation, report, audit } = await runSession({ applyBest: true });
    expect(end).toBe('finished');
    expect(report.appliedBest).toBe(true);
    expect(closings).toEqual([true]);
    expect(recommendation.approvalState).toBe('none');
    expect(target.knobs()).toEqual(recommendation.knobs);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'apply-best', actor: 'apply-best', outcome: 'applied', appliedKnobs: recommendation.knobs, replacedKnobs: ORIGINAL });
  });
});
