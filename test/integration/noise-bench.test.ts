import { describe, expect, it } from 'vitest';
import { formatNoiseTable, ROUNDS, runNoiseBench } from '../../bench/noise-bench';

// The smallest bench:noise (7 runs of 1 s per setting, scale 1: under a minute) through the
// real collector and a private sandbox: the table's shape and finite figures, not their values.
describe('bench:noise (smoke)', () => {
  it('prints one row per setting and estimator with finite figures', async () => {
    const report = await runNoiseBench({ runs: 7, durationS: 1, warmupS: 0, scale: 1, clients: 2, workload: 'tpcb-like' });
    expect(report.rows.map((r) => `${r.setting}/${r.estimator}`)).toEqual(
      ['as is', 'checkpoint', 'checkpoint + reset'].flatMap((s) => ['total', 'median', 'trimmed'].map((e) => `${s}/${e}`)),
    );
    for (const row of report.rows) {
      expect(row.meanTps).toBeGreaterThan(0);
      expect([row.cvPct, row.driftPctPerRun].every(Number.isFinite)).toBe(true);
      expect(row.nulls.map((n) => n.rounds)).toEqual([...ROUNDS]);
      // 7 runs hold exactly one 3-round window (A B A B A B A) and none of 5 or 10.
      expect(row.nulls.map((n) => n.comparisons)).toEqual([1, 0, 0]);
      expect(Number.isFinite(row.nulls[0]!.medianHalfWidthPct)).toBe(true);
    }
    const table = formatNoiseTable(report).split('\n');
    expect(table).toHaveLength(3 + report.rows.length);
    expect(table[2]).toContain('fp % @10 (n)');
  }, 180_000);
});
