import type { IterationRecord } from '../../lib/store/iteration-repository';

/** A stored iteration for pure-logic tests: a clean step unless the overrides say otherwise. */
export function iterationRecord(overrides: Partial<IterationRecord> & Pick<IterationRecord, 'n'>): IterationRecord {
  return {
    id: overrides.n,
    sessionId: '00000000-0000-4000-8000-000000000001',
    kind: 'step',
    round: 1,
    knobs: [],
    metrics: {},
    tps: null,
    latencyAvgMs: null,
    latencyP95Ms: null,
    latencyP99Ms: null,
    reward: null,
    state: null,
    action: null,
    error: null,
    restarted: false,
    rolledBack: false,
    createdAt: new Date(0),
    ...overrides,
  };
}
