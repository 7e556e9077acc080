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

// Reference values from SciPy 1.17 (scipy.stats.t.ppf / .sf, double precision), at fractional
// and large df and far into the tails: a t table's 3 decimals let a coarser series pass, these
// do not. The module is good to ~1e-11 relative on them; the bounds leave a margin of 100.
describe('studentTQuantile against SciPy', () => {
  const quantiles: Array<[p: number, df: number, t: number]> = [
    [0.6, 0.5, 0.3979754267847907], [0.9, 0.5, 10.27032441023451], [0.975, 0.5, 164.55767348048818], [0.995, 0.5, 4113.964588804174], [0.99999, 0.5, 1028491156.3257012],
    [0.6, 1.5, 0.30074539256979543], [0.9, 1.5, 2.1963984175655376], [0.975, 1.5, 6.016663104427929], [0.995, 1.5, 17.820310514462804], [0.99999, 1.5, 1124.5001233846192],
    [0.6, 3, 0.2766706623326898], [0.9, 3, 1.637744353696209], [0.975, 3, 3.1824463052837078], [0.995, 3, 5.840909309733355], [0.99999, 3, 47.92772837600671],
    [0.6, 4.5, 0.2687518355421751], [0.9, 4.5, 1.5008853175085577], [0.975, 4.5, 2.6589123472044034], [0.995, 4.5, 4.272823993011293], [0.99999, 4.5, 18.567279910716753],
    [0.6, 7, 0.2631668613520229], [0.9, 7, 1.4149239276505086], [0.975, 7, 2.364624251592784], [0.995, 7, 3.4994832973504924], [0.99999, 7, 10.102684252974544],
    [0.6, 29, 0.25568363457125604], [0.9, 29, 1.311433647301551], [0.975, 29, 2.045229642132703], [0.995, 29, 2.756385903670605], [0.99999, 29, 5.0855047020118995],
    [0.6, 120, 0.25390952321492877], [0.9, 120, 1.288646233656378], [0.975, 120, 1.9799304050824402], [0.995, 120, 2.6174211451068654], [0.99999, 120, 4.441563456951232],
    [0.6, 1000, 0.25341451583949876], [0.9, 1000, 1.2823987214609247], [0.975, 1000, 1.9623390808264083], [0.995, 1000, 2.580754698065951], [0.99999, 1000, 4.285437682653988],
  ];
  it('matches to 1e-9 relative at 5 levels and 8 degrees of freedom, both tails', () => {
    for (const [p, df, t] of quantiles) {
      expect(Math.abs(studentTQuantile(p, df) / t - 1), `p ${p}, df ${df}`).toBeLessThan(1e-9);
      expect(Math.abs(studentTQuantile(1 - p, df) / -t - 1), `p ${1 - p}, df ${df}`).toBeLessThan(1e-9);
    }
  });

  it('answers a repeated question from its cache with the same value, and p = 0.5 with exactly 0', () => {
    expect(studentTQuantile(0.975, 7)).toBe(studentTQuantile(0.975, 7));
    expect(studentTQuantile(0.975, 8)).not.toBe(studentTQuantile(0.975, 7));
    expect(studentTQuantile(0.5, 0.5)).toBe(0);
  });
});

describe('studentTCdf against SciPy', () => {
  // Upper tails P(T > t), on both sides of the continued fraction's switch point and for
  // df below 1 (where the log-gamma reflection is used).
  const tails: Array<[t: number, df: number, upper: number]> = [
    [0.1, 0.3, 0.47723101760206793], [1, 0.3, 0.3416113908805166], [3, 0.3, 0.2506688448438097], [10, 0.3, 0.17512080666439084], [100, 0.3, 0.08779038919651069],
    [0.1, 1, 0.4682744825694465], [1, 1, 0.25000000000000006], [3, 1, 0.10241638234956672], [10, 1, 0.03172551743055357], [100, 1, 0.003182992764908255],
    [0.1, 2.5, 0.4639032720312449], [1, 2.5, 0.20203051363913682], [3, 2.5, 0.036288047774515914], [10, 2.5, 0.0022207478836537117], [100, 2.5, 7.191649211666189e-06],
    [0.1, 6, 0.4618009759493958], [1, 6, 0.1779588418747911], [3, 6, 0.012004098377865468], [10, 6, 2.8959913774768117e-05], [100, 6, 3.3696901106169244e-11],
    [0.1, 40, 0.4604219265226401], [1, 40, 0.16166090587414556], [3, 40, 0.0023150698920780676], [10, 40, 9.656558502057753e-13], [100, 40, 6.375541644819908e-50],
    [0.1, 500, 0.4601922037684381], [1, 500, 0.15889710363030424], [3, 500, 0.0014172459064255715], [5, 500, 3.97320752395478e-7], [10, 500, 6.930246799119929e-22],
  ];
  it('gives the lower tail to 1e-11 relative and P(T <= t) to 1e-12', () => {
    for (const [t, df, upper] of tails) {
      // The lower tail at -t is computed directly, so it keeps its relative precision.
      expect(Math.abs(studentTCdf(-t, df) / upper - 1), `P(T < -${t}), df ${df}`).toBeLessThan(1e-11);
      expect(Math.abs(studentTCdf(t, df) - (1 - upper)), `P(T <= ${t}), df ${df}`).toBeLessThan(1e-12);
    }
  });

  it('refuses NaN for t, naming it', () => {
    expect(() => studentTCdf(Number.NaN, 3)).toThrow(/^t: must be a number, got NaN/);
    expect(studentTCdf(-Infinity, 3)).toBe(0);
  });
});
