import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../lib/core/errors';
import { detectDrift } from '../../services/trainer/drift-test';

const runs = (...tps: number[]) => tps.map((t) => ({ tps: t, p95Ms: 4000 / t }));

describe('detectDrift', () => {
  it('calls a clear drop beyond the threshold drift, with an interval below 1', () => {
    const d = detectDrift(runs(1000, 1020, 980, 1010), runs(700, 720, 690), 0.05);
    expect(d.drifted).toBe(true);
    expect(d.tps.median).toBeCloseTo(0.7, 1);
    expect(d.tps.high).toBeLessThan(1);
    expect(d.verdict).toMatch(/^drift: TPS -29.8% \[/);
  });

  it('does not call a significant drop smaller than the threshold drift', () => {
    const d = detectDrift(runs(1000, 1001, 999, 1000), runs(980, 981, 979), 0.05);
    expect(d.tps.high).toBeLessThan(1);
    expect(d.drifted).toBe(false);
  });

  it('does not call a drop the noise cannot tell from no change drift', () => {
    const d = detectDrift(runs(1000, 1300, 800, 1100), runs(700, 1200, 900), 0.05);
    expect(d.tps.median).toBeLessThan(1 / 1.05);
    expect(d.tps.high).toBeGreaterThan(1);
    expect(d.drifted).toBe(false);
  });

  it('never decides on fewer than 3 runs a side, however large the drop', () => {
    expect(detectDrift(runs(1000, 1010), runs(500, 505, 510), 0.05).drifted).toBe(false);
    expect(detectDrift(runs(1000, 1010, 990), runs(500, 505), 0.05).drifted).toBe(false);
  });

  it('calls a rise in p95 beyond the threshold drift, and a rise in TPS not', () => {
    const slower = [900, 910, 905].map((t) => ({ tps: t, p95Ms: 12 }));
    expect(detectDrift([1, 2, 3].map(() => ({ tps: 900, p95Ms: 8 })).map((r, i) => ({ ...r, tps: r.tps + i })), slower, 0.05).drifted).toBe(true);
    expect(detectDrift(runs(1000, 1010, 990), runs(1500, 1510, 1490), 0.05).drifted).toBe(false);
  });

  it('names the bad argument', () => {
    expect(() => detectDrift(runs(1000, 1000, 1000), runs(0, 1000, 1000), 0.05)).toThrow(InvalidArgumentError);
    expect(() => detectDrift(runs(1000), runs(1000), 0)).toThrow(/threshold/);
  });
});
