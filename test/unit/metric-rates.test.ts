import { describe, expect, it } from 'vitest';
import type { Metric__Output } from '../../proto/generated/autotune/v1/Metric';
import type { MetricSnapshot__Output } from '../../proto/generated/autotune/v1/MetricSnapshot';
import { snapshotRates } from '../../lib/metrics/snapshot-rates';
import { InvalidArgumentError } from '../../lib/core/errors';

function snapshot(takenAtMs: number, values: Record<string, number>, gauges: string[] = ['database.numbackends']): MetricSnapshot__Output {
  const metrics: Metric__Output[] = Object.entries(values).map(([name, value]) => ({ name, value, counter: !gauges.includes(name) }));
  return { takenAtMs, metrics, serverVersionNum: 150020 };
}

const BEFORE = {
  'database.xact_commit': 1000, 'database.xact_rollback': 10, 'database.blks_hit': 900, 'database.blks_read': 100,
  'database.temp_bytes': 0, 'database.numbackends': 3,
};

function byName(metrics: Metric__Output[]): Record<string, number> {
  return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
}

describe('snapshotRates', () => {
  it('turns counters into per-second rates and keeps gauges as last seen', () => {
    const rates = snapshotRates(
      snapshot(10_000, BEFORE),
      snapshot(20_000, { ...BEFORE, 'database.xact_commit': 3000, 'database.xact_rollback': 30, 'database.numbackends': 7 }),
    );
    expect(rates.windowS).toBe(10);
    expect(byName(rates.metrics)).toMatchObject({ 'database.xact_commit': 200, 'database.xact_rollback': 2, 'database.numbackends': 7 });
    expect(rates.metrics.find((m) => m.name === 'database.numbackends')!.counter).toBe(false);
    expect(rates.metrics.find((m) => m.name === 'database.xact_commit')!.counter).toBe(true);
  });

  it('derives the buffer hit ratio and temp bytes per transaction over the window', () => {
    const after = {
      ...BEFORE, 'database.blks_hit': 900 + 950, 'database.blks_read': 100 + 50,
      'database.xact_commit': 1000 + 90, 'database.xact_rollback': 10 + 10, 'database.temp_bytes': 8192 * 100,
    };
    const rates = byName(snapshotRates(snapshot(0, BEFORE), snapshot(2_000, after)).metrics);
    expect(rates['derived.buffer_hit_ratio']).toBeCloseTo(0.95);
    expect(rates['derived.temp_bytes_per_xact']).toBeCloseTo(8192);
  });

  it('defines the derived gauges on an idle window', () => {
    const rates = byName(snapshotRates(snapshot(0, BEFORE), snapshot(1_000, BEFORE)).metrics);
    expect([rates['derived.buffer_hit_ratio'], rates['derived.temp_bytes_per_xact']]).toEqual([1, 0]);
  });

  it('reports 0 for a counter that went down (a stats reset or restart in the window)', () => {
    const rates = snapshotRates(snapshot(0, BEFORE), snapshot(5_000, { ...BEFORE, 'database.xact_commit': 12 }));
    expect(byName(rates.metrics)['database.xact_commit']).toBe(0);
  });

  it('leaves out counters missing from either snapshot', () => {
    const rates = snapshotRates(snapshot(0, BEFORE), snapshot(1_000, { ...BEFORE, 'statements.calls': 5 }));
    expect(rates.metrics.map((m) => m.name)).not.toContain('statements.calls');
  });

  it('orders metrics by name', () => {
    const rates = snapshotRates(snapshot(0, BEFORE), snapshot(1_000, { 'wal.wal_bytes': 1, ...BEFORE, 'bgwriter.buffers_clean': 1 }));
    const names = rates.metrics.map((m) => m.name);
    expect(names).toEqual([...names].sort());
  });

  it('refuses a window that is empty or runs backwards', () => {
    for (const afterMs of [10_000, 9_000, Number.NaN]) {
      expect(() => snapshotRates(snapshot(10_000, BEFORE), snapshot(afterMs, BEFORE))).toThrow(InvalidArgumentError);
    }
    expect(() => snapshotRates(snapshot(10_000, BEFORE), snapshot(10_000, BEFORE))).toThrow(
      'after: the snapshot must be taken after the first one (window 0 s',
    );
  });
});
