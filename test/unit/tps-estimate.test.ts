import { describe, expect, it } from 'vitest';
import { estimateTps, median, trimmedMean } from '../../lib/metrics/tps-estimate';

describe('estimateTps', () => {
  const steady = [1000, 1010, 990, 1005, 995, 1000, 1002, 998, 1001, 999];
  // The stall takes the place of one second (here the lowest): the median keeps its neighbours.
  const stalled = steady.map((v) => (v === 990 ? 0 : v));

  it('a stalled second does not move the median, and barely the trimmed mean, while it drags the mean', () => {
    expect(estimateTps('median', 900, stalled)).toBe(estimateTps('median', 1000, steady));
    expect(Math.abs(estimateTps('trimmed', 900, stalled) - estimateTps('trimmed', 1000, steady))).toBeLessThan(2);
    expect(stalled.reduce((s, v) => s + v, 0) / stalled.length).toBeLessThan(902);
  });

  it('total is pgbench\'s own figure, and a run without progress samples falls back to it', () => {
    expect(estimateTps('total', 123.4, steady)).toBe(123.4);
    expect(estimateTps('median', 123.4, [])).toBe(123.4);
  });

  it('an interval pgbench printed as NaN (no transaction completed) counts as 0 TPS', () => {
    expect(estimateTps('median', 1, [Number.NaN, Number.NaN, 5])).toBe(0);
  });

  it('median and trimmed mean by their definitions', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    // 10 values, 10% each end: the lowest and the highest go.
    expect(trimmedMean([0, 1, 1, 1, 1, 1, 1, 1, 1, 100])).toBe(1);
    expect(() => median([])).toThrow(RangeError);
    expect(() => trimmedMean([1], 0.5)).toThrow(RangeError);
  });
});
