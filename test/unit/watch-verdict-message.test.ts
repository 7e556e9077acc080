import { describe, expect, it } from 'vitest';
import { detectDrift } from '../../services/trainer/drift-test';
import { decideMixChange } from '../../services/trainer/query-mix-change';
import { toWatchVerdictMessage } from '../../services/recommendation/watch-verdict-message';
import { iterationRecord } from '../helpers/iteration-record';

const runs = (tps: number[]) => tps.map((t) => ({ tps: t, p95Ms: 4 }));

describe('toWatchVerdictMessage: a watch row as Session.last_watch', () => {
  it("carries the drift test's ratios and verdict and the query mix's state as the trainer stored them", () => {
    const drift = detectDrift(runs([100, 102, 98]), runs([99, 101, 100]), 0.05);
    const queryMix = { ...decideMixChange(undefined, { available: false, reason: 'no pg_stat_statements', readingId: '', interval: false, statements: [], otherCalls: 0, otherExecTimeMs: 0, totalCalls: 0 }, 0.25), next: '' };
    const at = new Date(Date.UTC(2026, 11, 3, 12, 0, 0));
    // Through JSON, as the store hands the row back.
    const metrics = JSON.parse(JSON.stringify({ run: 2, drift, queryMix })) as Record<string, unknown>;
    const message = toWatchVerdictMessage(iterationRecord({ n: 6, kind: 'watch', round: 2, createdAt: at, metrics }));
    expect(message).toEqual({
      round: 2,
      atMs: at.getTime(),
      drifted: false,
      driftVerdict: drift.verdict,
      tpsRatio: drift.tps.median,
      tpsRatioLow: drift.tps.low,
      tpsRatioHigh: drift.tps.high,
      p95Ratio: 1,
      p95RatioLow: 1,
      p95RatioHigh: 1,
      confidence: 0.99,
      referenceRuns: 3,
      watchRuns: 3,
      mixState: 'unavailable',
      mixChanged: false,
      mixVerdict: 'query mix not available: no pg_stat_statements',
      mixThreshold: 0,
      mixCalls: 0,
    });
    expect(drift.verdict).toMatch(/^no drift: /);
  });

  it('leaves what a row does not hold at its default, and never takes a value of the wrong type', () => {
    // An older trainer's row: a drift decision, no query mix; and fields of the wrong type.
    const metrics = { run: 2, drift: { drifted: 'yes', verdict: 7, tps: { median: 'x', low: null, high: Infinity }, confidence: 0.99 } };
    const message = toWatchVerdictMessage(iterationRecord({ n: 3, kind: 'watch', metrics }));
    expect(message).toMatchObject({ drifted: false, driftVerdict: '', tpsRatio: 0, tpsRatioLow: 0, tpsRatioHigh: 0, confidence: 0.99, mixState: '', mixVerdict: '', mixCalls: 0 });
    expect(message).not.toHaveProperty('mixDistance');
  });
});
