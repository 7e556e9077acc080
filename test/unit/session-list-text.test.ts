import { describe, expect, it } from 'vitest';
import type { Session__Output } from '../../proto/generated/autotune/v1/Session';
import type { SessionOptions__Output } from '../../proto/generated/autotune/v1/SessionOptions';
import type { WatchVerdict__Output } from '../../proto/generated/autotune/v1/WatchVerdict';
import { applySessionDefaults } from '../../lib/session/session-options';
import { sessionListText, sessionStatusText } from '../../cli/remote/session-list-text';

function session(fields: Partial<Session__Output>, options: Record<string, unknown>): Session__Output {
  return {
    id: 'a1b2',
    instanceId: 'i-1',
    instanceName: 'orders-db',
    status: 'watching',
    options: applySessionDefaults(options) as unknown as SessionOptions__Output,
    iterationsDone: 24,
    baselineTps: 1000,
    bestTps: 1200,
    createdAtMs: Date.UTC(2026, 11, 3, 10, 0, 0),
    startedAtMs: 0,
    finishedAtMs: 0,
    error: '',
    pausedReason: '',
    round: 3,
    lastWatch: null,
    ...fields,
  };
}

describe('sessions list and status show the round of a continuous session', () => {
  it('lists the round and steps a round for a continuous session, "-" for a fixed-length one', () => {
    const text = sessionListText([
      session({}, { iterations: 8, continuous: true }),
      session({ id: 'c3d4', status: 'finished', round: 1, iterationsDone: 20 }, { iterations: 20 }),
    ]);
    const [header, continuous, fixed] = text.trimEnd().split('\n');
    expect(header).toMatch(/SESSION\s+STATUS\s+INSTANCE\s+ROUND\s+STEPS/);
    expect(continuous).toMatch(/^a1b2\s+watching\s+orders-db\s+3\s+24 \(8\/round\)\s/);
    expect(fixed).toMatch(/^c3d4\s+finished\s+orders-db\s+-\s+20\/20\s/);
  });

  it('says the round and its limit in status, only for a continuous session', () => {
    const watching = sessionStatusText(session({}, { iterations: 8, continuous: true, maxRounds: 5 }));
    expect(watching).toContain('round: 3 of at most 5, continuous\n');
    expect(watching).toContain('steps: 24 over the rounds, 8 a round');
    expect(sessionStatusText(session({ round: 0 }, { continuous: true }))).toContain('round: none yet (no round limit), continuous\n');
    const fixed = sessionStatusText(session({ round: 1, iterationsDone: 20 }, { iterations: 20 }));
    expect(fixed).not.toContain('round:');
    expect(fixed).toContain('steps: 20 of 20');
  });

  it("shows a continuous session's last watch: when, after which round, the drift test's and the query mix's verdicts", () => {
    const watch: WatchVerdict__Output = {
      round: 2,
      atMs: Date.UTC(2026, 11, 3, 11, 30, 0),
      drifted: false,
      driftVerdict: 'no drift: TPS -1.0% [-4.0, 2.0], p95 0.5% [-3.0, 4.0] against the verified level (99% intervals, threshold 5.0%)',
      tpsRatio: 0.99,
      tpsRatioLow: 0.96,
      tpsRatioHigh: 1.02,
      p95Ratio: 1.005,
      p95RatioLow: 0.97,
      p95RatioHigh: 1.04,
      confidence: 0.99,
      referenceRuns: 3,
      watchRuns: 3,
      mixState: 'compared',
      mixChanged: true,
      mixVerdict: 'query mix changed: distance 0.42 > 0.25',
      mixDistance: 0.42,
      mixThreshold: 0.25,
      mixCalls: 5000,
      _mixDistance: 'mixDistance',
    };
    const text = sessionStatusText(session({ lastWatch: watch }, { continuous: true }));
    expect(text).toContain(
      'round: 3 (no round limit), continuous\n' +
        'last watch: 2026-12-03 11:30:00Z, after round 2\n' +
        '  no drift: TPS -1.0% [-4.0, 2.0], p95 0.5% [-3.0, 4.0] against the verified level (99% intervals, threshold 5.0%)\n' +
        '  query mix changed: distance 0.42 > 0.25\n',
    );
    expect(sessionStatusText(session({}, { continuous: true }))).toContain('last watch: none completed yet\n');
    // A row stored without a query mix (an older trainer) says so rather than showing nothing.
    expect(sessionStatusText(session({ lastWatch: { ...watch, mixVerdict: '' } }, { continuous: true }))).toContain('  query mix: not stored\n');
    expect(sessionStatusText(session({ round: 1 }, { iterations: 20 }))).not.toContain('last watch');
  });
});
