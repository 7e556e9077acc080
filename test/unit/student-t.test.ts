import { describe, expect, it } from 'vitest';
import { studentTCdf, studentTQuantile } from '../../lib/stats/student-t';

describe('studentTQuantile', () => {
  // Two-sided 95%, 99% and one-sided 95% critical values as printed in any t table
  // (e.g. NIST/SEMATECH e-Handbook, 1.3.6.7.2), to the table's 3 decimals.
  const table: Array<[p: number, df: number, t: number]> = [
    [0.975, 1, 12.706],
    [0.975, 2, 4.303],
    [0.975, 3, 3.182],
    [0.975, 4, 2.776],
    [0.975, 5, 2.571],
    [0.975, 9, 2.262],
    [0.975, 19, 2.093],
    [0.975, 100, 1.984],
    [0.995, 2, 9.925],
    [0.995, 4, 4.604],
    [0.995, 10, 3.169],
    [0.95, 1, 6.314],
    [0.95, 7, 1.895],
    [0.999, 3, 10.215],
  ];
  it.each(table)('P(T <= t) = %s with %s degrees of freedom: t = %s', (p, df, t) => {
    expect(studentTQuantile(p, df)).toBeCloseTo(t, 3);
    expect(studentTQuantile(1 - p, df)).toBeCloseTo(-t, 3);
  });

  it('matches the closed forms for 1 and 2 degrees of freedom', () => {
    // df 1 is Cauchy: t = tan(pi (p - 1/2)); df 2: t = (2p - 1) / sqrt(2 p (1 - p)).
    for (const p of [0.6, 0.9, 0.99, 0.9999]) {
      expect(studentTQuantile(p, 1)).toBeCloseTo(Math.tan(Math.PI * (p - 0.5)), 6);
      expect(studentTQuantile(p, 2)).toBeCloseTo((2 * p - 1) / Math.sqrt(2 * p * (1 - p)), 6);
    }
  });

  it('approaches the normal quantile for many degrees of freedom', () => {
    expect(studentTQuantile(0.975, 1e6)).toBeCloseTo(1.959964, 4);
    expect(studentTQuantile(0.5, 3)).toBe(0);
  });

  it('refuses probabilities outside (0, 1) and bad degrees of freedom, naming the argument', () => {
    expect(() => studentTQuantile(1, 3)).toThrow(/^p: must be a probability/);
    expect(() => studentTQuantile(0, 3)).toThrow(/^p:/);
    expect(() => studentTQuantile(0.9, 0)).toThrow(/^df: degrees of freedom must be/);
    expect(() => studentTQuantile(0.9, Number.NaN)).toThrow(/^df:/);
  });
});

describe('studentTCdf', () => {
  it('inverts the quantile and is symmetric', () => {
    expect(studentTCdf(2.228139, 10)).toBeCloseTo(0.975, 6);
    expect(studentTCdf(-2.228139, 10)).toBeCloseTo(0.025, 6);
    expect(studentTCdf(0, 4)).toBe(0.5);
    expect(studentTCdf(Infinity, 4)).toBe(1);
    expect(studentTCdf(-1, 1)).toBeCloseTo(0.25, 12);
  });
});
