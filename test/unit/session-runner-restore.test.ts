import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KnobSetting__Output as KnobSetting } from '../../proto/generated/autotune/v1/KnobSetting';
import type { SessionOptions } from '../../proto/generated/autotune/v1/SessionOptions';
import { MemoryReplayBuffer } from '../../model/replay/memory-replay-buffer';
import { SyntheticEnvironment } from '../../model/synthetic-environment';
import type { MetadataStore } from '../../lib/store/metadata-store';
import type { VerificationRecord } from '../../lib/store/verification-record';
import { SessionRunner } from '../../services/trainer/session-runner';
import { SyntheticTarget } from '../../services/trainer/synthetic-target';
import { syntheticEnvironment } from '../../services/trainer/synthetic-tuning-environment';
import type { OpenEnvironment } from '../../services/trainer/tuning-environment';
import { dropTestSchemas, openTestStore, uniqueSchemaName } from '../helpers/test-store';

/**
 * What SessionRunner leaves on the server at the end, through its real loop over the synthetic
 * surface (a store schema of its own on the shared server): the original unless a significant
 * recommendation is to be kept, the collector's recorded original after a start configuration,
 * and the original again when the session fails. The steep surface (baseline about a third of
 * the optimum, 1% noise) gives a clear winner in 3 rounds; with 2 nothing can be called.
 */
const SCHEMA = uniqueSchemaName('runner_restore');
const ORIGINAL = ['0.00', '0.00', '0.00'];
/** What a start configuration puts on the target before the baseline (the collector's ApplyKnobs at Open). */
const START: KnobSetting[] = [{ name: 'synthetic_1', value: '0.40' }];

interface Closing {
  keepCurrent: boolean;
  original: KnobSetting[];
}

describe('SessionRunner: what is left on the server when a session ends', () => {
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

  /** One session to its end; `wrap` may change the environment the runner opens. */
  async function runSession(options: Partial<SessionOptions>, wrap: (open: OpenEnvironment, target: SyntheticTarget) => OpenEnvironment = (open) => open) {
    const target = new SyntheticTarget(new SyntheticEnvironment({ knobs: 3, metrics: 4, noise: 0.01, baselineScore: [0.3, 0.35], seed: 3 }));
    const closings: Closing[] = [];
    const synthetic = wrap(syntheticEnvironment(target), target);
    const session = await store.sessions.create(instanceId, {
      iterations: 6,
      verifyRepeats: 3,
      seed: 7,
      benchmark: { scripts: [{ builtin: 'select-only' }], clients: 2, durationS: 1, warmupS: 0 },
      ...options,
    });
    const claimed = await store.sessions.claimNext('trainer-restore', { sessionId: session.id });
    const end = await new SessionRunner(claimed!, {
      store,
      workerId: 'trainer-restore',
      heartbeatMs: 60_000,
      openReplay: async (_id, stateDim, actionDim) => new MemoryReplayBuffer({ stateDim, actionDim, capacity: 100 }),
      openEnvironment: async (request) => {
        const env = await synthetic(request);
        return {
          ...env,
          close: async (keepCurrent, original) => {
            closings.push({ keepCurrent, original });
            await env.close(keepCurrent, original);
          },
        };
      },
    }).run();
    const values = target.knobs().map((k) => k.value);
    const recommendation = end === 'finished' ? await store.recommendations.get(session.id) : undefined;
    return { end, values, closings, recommendation, report: recommendation?.report as unknown as VerificationRecord | undefined };
  }

  it('restores the original after a significant recommendation it was not asked to keep, and recommends it', async () => {
    const { end, values, closings, recommendation, report } = await runSession({ applyBest: false });
    expect(end).toBe('finished');
    expect(report!.significant).toBe(true);
    expect(report!.appliedBest).toBe(false);
    const chosen = report!.candidates.find((c) => c.label === report!.chosen)!;
    expect(recommendation!.knobs).toEqual(chosen.knobs);
    expect(closings).toEqual([{ keepCurrent: false, original: ORIGINAL.map((value, i) => ({ name: `synthetic_${i + 1}`, value })) }]);
    expect(values).toEqual(ORIGINAL);
  });

  it('keeps nothing when asked to apply the best but nothing is significant (2 rounds): the original is back', async () => {
    const { end, values, closings, recommendation, report } = await runSession({ applyBest: true, verifyRepeats: 2 });
    expect(end).toBe('finished');
    expect(report).toMatchObject({ significant: false, chosen: null, appliedBest: false });
    expect(recommendation!.knobs).toEqual(report!.baselineKnobs);
    expect(closings.map((c) => c.keepCurrent)).toEqual([false]);
    expect(values).toEqual(ORIGINAL);
  });

  it('after a start configuration, restores the collector-recorded original, not the start-based baseline', async () => {
    const { end, values, closings } = await runSession({ startKnobs: START }, (open, target) => async (request) => {
      target.apply(START);
      return open(request);
    });
    expect(end).toBe('finished');
    // No session knobs: the environment restores what the collector recorded before the start.
    expect(closings).toEqual([{ keepCurrent: false, original: [] }]);
    expect(values).toEqual(ORIGINAL);
  });

  it('drops a candidate whose verification run measured nothing, and still finishes', async () => {
    const { end, values, report } = await runSession({ applyBest: false }, (open) => async (request) => {
      const env = await open(request);
      let measured = 0;
      return {
        ...env,
        // The 2nd run of the verification is candidate-1's first: rolled back, no benchmark.
        measure: async (knobs) => {
          const outcome = await env.measure(knobs);
          return ++measured === 2 ? { ...outcome, benchmark: null, rolledBack: true, error: 'the server did not start' } : outcome;
        },
      };
    });
    expect(end).toBe('finished');
    expect(report!.candidates.map((c) => c.label)).not.toContain('candidate-1');
    expect(values).toEqual(ORIGINAL);
  });

  it('restores the original when a step fails, and ends the session failed', async () => {
    const { end, values, closings } = await runSession({}, (open) => async (request) => {
      const env = await open(request);
      let steps = 0;
      return {
        ...env,
        step: async (action) => {
          const result = await env.step(action);
          if (++steps === 3) throw new Error('the environment service went away');
          return result;
        },
      };
    });
    expect(end).toBe('failed');
    expect(closings.map((c) => c.keepCurrent)).toEqual([false]);
    expect(values).toEqual(ORIGINAL);
  });

  it('ends failed, closing nothing, when the environment cannot be opened', async () => {
    const { end, closings } = await runSession({}, () => async () => {
      throw new Error('the collector is unreachable');
    });
    expect(end).toBe('failed');
    expect(closings).toEqual([]);
  });
});
