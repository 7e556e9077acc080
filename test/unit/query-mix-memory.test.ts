import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StepOutcome__Output as StepOutcome } from '../../proto/generated/autotune/v1/StepOutcome';
import { applySessionDefaults } from '../../lib/session/session-options';
import type { MetadataStore } from '../../lib/store/metadata-store';
import { iterationRow } from '../../services/trainer/iteration-row';
import { queryMixMemory, type StoredMix } from '../../services/trainer/query-mix-memory';
import { dropTestSchemas, openTestStore, uniqueSchemaName } from '../helpers/test-store';

/** What a watching round's query mix is, read back from watch rows in a store schema of its own. */
const SCHEMA = uniqueSchemaName('query_mix_memory');
const RUN: StepOutcome = { state: [1], benchmark: null, knobs: [], restarted: false, rolledBack: false, error: '', rates: null };
const REFERENCE: StoredMix = { state: 'reference', changed: false, verdict: 'ref', calls: 5000, shares: { '11': 0.7, other: 0.3 }, next: 'reading-1' };
const COMPARED: StoredMix = { state: 'compared', changed: false, verdict: 'same', calls: 4000, shares: { '11': 0.7, other: 0.3 }, distance: 0, threshold: 0.25, next: 'reading-2' };

describe('queryMixMemory: the round\'s reference and the reading to count from, from the store', () => {
  let store: MetadataStore;
  let sessionId: string;
  let n = 0;

  beforeAll(async () => {
    store = await openTestStore(SCHEMA);
    const instance = await store.instances.upsert({ name: 'memory', collectorAddress: '127.0.0.1:1' });
    sessionId = (await store.sessions.create(instance.id, applySessionDefaults({ continuous: true }))).id;
  });

  afterAll(async () => {
    await store.close();
    await dropTestSchemas(SCHEMA);
  });

  /** One watch of three runs; the last carries `mix` unless the watch was cut short. */
  async function watch(round: number, mix: StoredMix | undefined, runs = 3): Promise<void> {
    for (let run = 0; run < runs; run++) {
      const metrics = run === 2 && mix ? { run, queryMix: mix } : { run };
      await store.iterations.insert({ ...iterationRow(sessionId, 'watch', ++n, RUN, { metrics }), round });
    }
  }

  it('gives nothing before the round\'s first watch, then its reference and the latest watch\'s reading', async () => {
    expect(await queryMixMemory(store, sessionId, 1)).toEqual({ reference: undefined, since: '' });
    await watch(1, REFERENCE);
    await watch(1, COMPARED);
    expect(await queryMixMemory(store, sessionId, 1)).toEqual({ reference: { calls: 5000, shares: { '11': 0.7, other: 0.3 } }, since: 'reading-2' });
  });

  it('gives no reading after a watch cut short (its benchmark ran after the last reading), but keeps the reference', async () => {
    await watch(1, undefined, 2);
    expect(await queryMixMemory(store, sessionId, 1)).toEqual({ reference: { calls: 5000, shares: { '11': 0.7, other: 0.3 } }, since: '' });
  });

  it('keeps each round\'s own: round 2 has no reference until its watches take one', async () => {
    await watch(2, { ...COMPARED, state: 'little-traffic', shares: undefined, next: 'reading-3' });
    expect(await queryMixMemory(store, sessionId, 2)).toEqual({ reference: undefined, since: 'reading-3' });
  });
});
