import type { WatchVerdict } from '../../proto/generated/autotune/v1/WatchVerdict';
import type { IterationRecord } from '../../lib/store/iteration-repository';
import { WATCH_DECISION_METRICS } from '../../lib/store/watch-decision-metrics';

/**
 * A watch's last run row as the WatchVerdict message. The row is JSON another service wrote
 * (and older trainers wrote without a query mix), so every field is read for what it is and a
 * missing one stays at its default: a verdict is shown as far as it was stored, never invented.
 */
export function toWatchVerdictMessage(row: IterationRecord): WatchVerdict {
  const drift = objectAt(row.metrics, WATCH_DECISION_METRICS.drift);
  const mix = objectAt(row.metrics, WATCH_DECISION_METRICS.queryMix);
  const tps = objectAt(drift, 'tps');
  const p95 = objectAt(drift, 'p95');
  const distance = numberAt(mix, 'distance');
  return {
    round: row.round,
    atMs: row.createdAt.getTime(),
    drifted: drift.drifted === true,
    driftVerdict: stringAt(drift, 'verdict'),
    tpsRatio: numberAt(tps, 'median') ?? 0,
    tpsRatioLow: numberAt(tps, 'low') ?? 0,
    tpsRatioHigh: numberAt(tps, 'high') ?? 0,
    p95Ratio: numberAt(p95, 'median') ?? 0,
    p95RatioLow: numberAt(p95, 'low') ?? 0,
    p95RatioHigh: numberAt(p95, 'high') ?? 0,
    confidence: numberAt(drift, 'confidence') ?? 0,
    referenceRuns: numberAt(drift, 'referenceRuns') ?? 0,
    watchRuns: numberAt(drift, 'watchRuns') ?? 0,
    mixState: stringAt(mix, 'state'),
    mixChanged: mix.changed === true,
    mixVerdict: stringAt(mix, 'verdict'),
    ...(distance === undefined ? {} : { mixDistance: distance }),
    mixThreshold: numberAt(mix, 'threshold') ?? 0,
    mixCalls: numberAt(mix, 'calls') ?? 0,
  };
}

function objectAt(from: Record<string, unknown>, key: string): Record<string, unknown> {
  const value = from[key];
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function numberAt(from: Record<string, unknown>, key: string): number | undefined {
  const value = from[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function stringAt(from: Record<string, unknown>, key: string): string {
  const value = from[key];
  return typeof value === 'string' ? value : '';
}
